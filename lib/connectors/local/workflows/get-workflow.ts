import type { DbOrTx } from '@/db/client';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { loadDefinitionOrThrow, toWorkflowDetail, type WorkflowDetail } from './workflow-view';

/** One definition with its draft and versions, for the designer. */
export async function getWorkflowAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  definitionId: string,
): Promise<WorkflowDetail> {
  if (!admin.isAdmin) throw new AppError('forbidden', '需要管理员权限');
  return toWorkflowDetail(db, await loadDefinitionOrThrow(db, definitionId));
}
