import { z } from 'zod';
import type { Db } from '@/db/client';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { actAsAssignee } from './act-as-assignee';

export const forceReassignInputSchema = z.object({
  targetUserId: z.uuid(),
  /** Why an admin moves someone's task (required: it is shown in the audit log). */
  reason: z.string().trim().min(1, '请填写转交原因').max(256),
});
export type ForceReassignInput = z.infer<typeof forceReassignInputSchema>;

/**
 * An admin force-reassigns a pending task: a 转交 performed on behalf of the assignee, through the same
 * action row, write-back job (the source transfers it, in the assignee's name, where it supports transfer)
 * and snapshot confirmation as the assignee's own transfer. Audited as the admin, on behalf of the assignee.
 */
export async function forceReassignTaskAsAdmin(
  db: Db,
  viewer: Viewer,
  input: { taskId: string } & ForceReassignInput,
  meta: RequestMeta = {},
): Promise<{ actionId: string }> {
  assertAdmin(viewer);
  return actAsAssignee(
    db,
    { viewer, isAdminOverride: true },
    { taskId: input.taskId, action: 'transfer', targetUserId: input.targetUserId, remark: input.reason },
    meta,
  );
}
