import type { Db } from '@/db/client';
import type { RequestMeta } from '@/lib/audit/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { actAsAssignee } from './act-as-assignee';
import type { TaskActionInput } from './task-action-input';

/**
 * A user's action on their task (同意 / 拒绝 / 转交 / 评论). Only the assignee, or their delegate inside the
 * delegation (docs/delegation.md), may act (403 otherwise, nothing sent); either acts once (409 for the second). The action row (write-back `pending`), the task's acted mark (it leaves 待我处理 at once and no late
 * event brings it back), the audit row and the write-back job commit together; the worker then performs the
 * action at the source in the user's name, and the next snapshot confirms it.
 */
export async function actOnTask(
  db: Db,
  viewer: Viewer,
  input: { taskId: string } & TaskActionInput,
  meta: RequestMeta = {},
): Promise<{ actionId: string; transferredToDelegate?: boolean }> {
  return actAsAssignee(db, { viewer, isAdminOverride: false }, input, meta);
}
