import type { DbOrTx } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { loadDefinitionOrThrow, toWorkflowDetail, type WorkflowDetail } from './workflow-view';

/** One definition with its draft and versions, for the designer. */
export async function getWorkflowAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  definitionId: string,
): Promise<WorkflowDetail> {
  assertAdmin(admin);
  return toWorkflowDetail(db, await loadDefinitionOrThrow(db, definitionId));
}
