import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workflowDefinitions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { toWorkflowDetail, type WorkflowDetail } from './workflow-view';

/**
 * An admin disables (or enables) a definition. Disabled: gone from 发起申请 and the start route answers 404;
 * instances already running go on with their version. Audited.
 */
export async function setWorkflowEnabledAsAdmin(
  db: Db,
  admin: Viewer,
  definitionId: string,
  enabled: boolean,
  meta: RequestMeta = {},
): Promise<WorkflowDetail> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(workflowDefinitions)
      .set({ enabled })
      .where(eq(workflowDefinitions.id, definitionId))
      .returning();
    if (!row) throw new AppError('not_found', '流程不存在');
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: enabled ? 'workflow.enable' : 'workflow.disable',
      targetType: 'workflow_definition',
      targetId: definitionId,
      details: { enabled },
      ...meta,
    });
    return toWorkflowDetail(tx, row);
  });
}
