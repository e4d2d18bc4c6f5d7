import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { processInstances, processLogs, type TaskAction, taskActions, tasks } from '@/db/schema';
import { clearTaskActed } from './clear-task-acted';

type Verdict = { status: 'confirmed' } | { status: 'failed'; reason: string } | null;

/**
 * Write-back confirmation: a Huiban action is `confirmed` once a snapshot from the source shows its effect
 * (the task finished with that result, the comment is in the log, the instance is revoked), or `failed`
 * when the source shows something else. Called by applySnapshot() in its transaction.
 */
export async function confirmTaskActions(tx: Tx, instanceId: string): Promise<number> {
  const pending = await tx
    .select()
    .from(taskActions)
    .where(and(eq(taskActions.instanceId, instanceId), eq(taskActions.writeBackStatus, 'pending')));
  if (pending.length === 0) return 0;

  const [instance] = await tx
    .select({ status: processInstances.status })
    .from(processInstances)
    .where(eq(processInstances.id, instanceId));
  const taskIds = pending.map((a) => a.taskId).filter((id): id is string => id !== null);
  const taskRows = taskIds.length
    ? await tx
        .select({ id: tasks.id, status: tasks.status, result: tasks.result })
        .from(tasks)
        .where(inArray(tasks.id, taskIds))
    : [];
  const logs = await tx
    .select({ action: processLogs.action, actorUserId: processLogs.actorUserId, remark: processLogs.remark })
    .from(processLogs)
    .where(eq(processLogs.instanceId, instanceId));

  let settled = 0;
  for (const action of pending) {
    const task = taskRows.find((t) => t.id === action.taskId);
    const verdict = judge(action, task, instance?.status, logs);
    if (!verdict) continue;
    await tx
      .update(taskActions)
      .set(
        verdict.status === 'confirmed'
          ? { writeBackStatus: 'confirmed', confirmedAt: new Date(), lastError: null }
          : { writeBackStatus: 'failed', lastError: verdict.reason },
      )
      .where(eq(taskActions.id, action.id));
    if (verdict.status === 'failed' && action.taskId) {
      // The source did not take the action: give the task back to the assignee's 待我处理 if still open.
      await clearTaskActed(tx, { taskId: action.taskId });
    }
    settled += 1;
  }
  return settled;
}

function judge(
  action: TaskAction,
  task: { status: string; result: string | null } | undefined,
  instanceStatus: string | undefined,
  logs: { action: string; actorUserId: string | null; remark: string | null }[],
): Verdict {
  // Done without a result: a partial snapshot (a Yida complete push says who finished the task, not how)
  // cannot tell whether it was this decision; the full re-read that follows it can.
  if (
    task?.status === 'done' &&
    task.result === null &&
    action.action !== 'comment' &&
    action.action !== 'revoke' &&
    // 前加签 / 退回 end the task without a decision: done with no result is exactly what they leave.
    action.action !== 'append' &&
    action.action !== 'revert'
  )
    return null;
  switch (action.action) {
    case 'agree':
    case 'refuse': {
      if (!task || task.status === 'pending') return null;
      if (task.status === 'done' && task.result === action.action) return { status: 'confirmed' };
      return { status: 'failed', reason: `源系统中任务已是 ${task.status}/${task.result ?? '-'}` };
    }
    case 'transfer': {
      if (!task || task.status === 'pending') return null;
      return task.result === 'redirect' || task.status === 'cancelled'
        ? { status: 'confirmed' }
        : { status: 'failed', reason: `源系统中任务已是 ${task.status}/${task.result ?? '-'}` };
    }
    case 'comment': {
      const seen = logs.some(
        (l) =>
          l.action === 'comment' &&
          l.actorUserId === action.userId &&
          (l.remark ?? '') === (action.remark ?? ''),
      );
      return seen ? { status: 'confirmed' } : null;
    }
    case 'append':
    case 'revert':
      // 前加签 / 退回 end the task at the source; a 后加签 is confirmed once the adder's own task is decided (local
      // workflows confirm on act).
      if (!task || task.status === 'pending') return null;
      return { status: 'confirmed' };
    case 'withdraw':
    case 'resubmit':
      // Only local workflows take these; their act confirms them (confirmsOnAct).
      return null;
    case 'revoke': {
      if (instanceStatus === 'terminated' || instanceStatus === 'cancelled') return { status: 'confirmed' };
      if (instanceStatus === 'completed') return { status: 'failed', reason: '流程已结束，无法撤销' };
      return null;
    }
  }
}
