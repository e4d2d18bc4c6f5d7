import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { taskActions } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { actMoreOnTask } from './act-more-on-task';
import { actOnTask } from './act-on-task';
import { revokeInstance } from './revoke-instance';
import type { TaskActionInput } from './task-action-input';

/**
 * 重试: sends a failed action again as a new action (the failed one stays in the history with its reason).
 * Only the user who acted may retry, and only a failed action.
 */
export async function retryAction(
  db: Db,
  viewer: Viewer,
  actionId: string,
  meta: RequestMeta = {},
): Promise<{ actionId: string }> {
  const [failed] = await db
    .select()
    .from(taskActions)
    .where(and(eq(taskActions.id, actionId), eq(taskActions.userId, viewer.userId)));
  if (!failed) throw new AppError('not_found', '操作不存在');
  if (failed.writeBackStatus !== 'failed') throw new AppError('conflict', '只有失败的操作可以重试');
  const remark = failed.remark ?? undefined;
  if (failed.action === 'revoke')
    return revokeInstance(db, viewer, { instanceId: failed.instanceId, action: 'revoke', remark }, meta);
  if (!failed.taskId) throw new AppError('conflict', '任务已不存在');
  const p = failed.params;
  if (failed.action === 'append')
    return actMoreOnTask(
      db,
      viewer,
      {
        taskId: failed.taskId,
        action: 'append',
        position: p.position as 'before' | 'after' | 'alongside',
        activate: p.activate === 'oneByOne' ? 'oneByOne' : 'all',
        targetUserIds: (p.targetUserIds as string[] | undefined) ?? [],
        remark,
      },
      meta,
    );
  if (failed.action === 'revert')
    return actMoreOnTask(
      db,
      viewer,
      { taskId: failed.taskId, action: 'revert', target: String(p.target ?? ''), remark: remark ?? '' },
      meta,
    );
  if (failed.action === 'withdraw')
    return actMoreOnTask(db, viewer, { taskId: failed.taskId, action: 'withdraw', remark }, meta);
  if (failed.action === 'resubmit') throw new AppError('conflict', '请重新打开表单再次提交');
  const input: TaskActionInput =
    failed.action === 'transfer'
      ? { action: 'transfer', targetUserId: String(failed.params.targetUserId), remark }
      : failed.action === 'agree'
        ? { action: 'agree', remark }
        : { action: failed.action, remark: remark ?? '' };
  return actOnTask(db, viewer, { taskId: failed.taskId, ...input }, meta);
}
