import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, identities, taskActions, tasks, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { canActOnTask } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { markTaskActed } from '@/lib/tasks/write/mark-task-acted';
import { getMoreActions } from './get-more-actions';
import type { MoreActionInput } from './more-action-input';

/**
 * 加签 / 退回 / 撤回 on the viewer's task. Only the assignee (403); only where the source supports it from Huiban
 * (409 with "do it in the source" otherwise); a 退回 target must be one offered, 加签 people must be known to
 * the source and not the viewer (400). Like agree/refuse: the action row (write-back `pending`), the task's acted
 * mark (前加签 and 退回 take it out of 待我处理 at once), the audit row and the write-back job commit
 * together; the worker performs it at the source (a local run's engine, DingTalk's premium API).
 */
export async function actMoreOnTask(
  db: Db,
  viewer: Viewer,
  input: { taskId: string } & MoreActionInput,
  meta: RequestMeta = {},
): Promise<{ actionId: string }> {
  const [task] = await db
    .select({
      id: tasks.id,
      instanceId: tasks.instanceId,
      connectorId: tasks.connectorId,
      assigneeUserId: tasks.assigneeUserId,
    })
    .from(tasks)
    .where(eq(tasks.id, input.taskId));
  if (!task) throw new AppError('not_found', '任务不存在');
  if (!canActOnTask(viewer, task)) throw new AppError('forbidden', '只有任务处理人可以操作此任务');
  const offered = await getMoreActions(db, viewer, task.instanceId);
  const support = offered[input.action];
  if (support === 'source')
    throw new AppError('conflict', '该来源系统不支持在汇办中进行此操作，请在来源系统中操作');
  const ownTask = input.action === 'withdraw' ? offered.withdrawTaskId : offered.taskId;
  if (support !== 'huiban' || ownTask !== task.id)
    throw new AppError(
      'conflict',
      input.action === 'withdraw' ? '下一节点已处理或流程已结束，无法撤回' : '任务已处理或已不在当前节点',
    );

  let params: Record<string, unknown> = {};
  if (input.action === 'append') {
    if (!offered.appendPositions.includes(input.position))
      throw new AppError('validation_failed', '该来源系统不支持这种加签方式', {
        issues: [{ path: 'position', message: '该来源系统不支持这种加签方式' }],
      });
    if (input.targetUserIds.includes(viewer.userId))
      throw new AppError('validation_failed', '加签人不能包含自己', {
        issues: [{ path: 'targetUserIds', message: '加签人不能包含自己' }],
      });
    const known = await db
      .select({ userId: identities.userId, externalUserId: identities.externalUserId })
      .from(identities)
      .where(
        and(eq(identities.connectorId, task.connectorId), inArray(identities.userId, input.targetUserIds)),
      );
    const byUser = new Map(known.map((k) => [k.userId, k.externalUserId]));
    let missing = input.targetUserIds.filter((id) => !byUser.has(id));
    // A source that names people by Huiban user id (local workflows) gets an identity for them on first use,
    // like a transfer target; others need the person to be known to the source already.
    const [connector] = missing.length
      ? await db.select({ kind: connectors.kind }).from(connectors).where(eq(connectors.id, task.connectorId))
      : [];
    const keyFor = connector ? getAdapter(connector.kind).identityKeyForUser : undefined;
    if (keyFor) {
      const active = await db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, missing), eq(users.status, 'active')));
      for (const { id } of active) {
        await db
          .insert(identities)
          .values({
            connectorId: task.connectorId,
            externalUserId: keyFor(id),
            userId: id,
            matchedBy: 'userId',
          })
          .onConflictDoNothing({ target: [identities.connectorId, identities.externalUserId] });
        byUser.set(id, keyFor(id));
      }
      missing = missing.filter((id) => !byUser.has(id));
    }
    if (missing.length)
      throw new AppError('validation_failed', '所选人员在该来源系统中没有关联账号', {
        issues: [{ path: 'targetUserIds', message: '所选人员在该来源系统中没有关联账号' }],
      });
    params = {
      position: input.position,
      activate: input.activate,
      targetUserIds: input.targetUserIds,
      targetExternalIds: input.targetUserIds.map((id) => byUser.get(id)),
    };
  } else if (input.action === 'revert') {
    const target = offered.revertTargets.find((t) => t.id === input.target);
    if (!target)
      throw new AppError('validation_failed', '只能退回到已经过的审批节点或发起人', {
        issues: [{ path: 'target', message: '只能退回到已经过的审批节点或发起人' }],
      });
    params = { target: target.id, targetName: target.name };
  }
  // 前加签 and 退回 end the task (it leaves 待我处理 at once); 后加签 / 并加签 keep it open for the adder's decision.
  const takesTask = input.action === 'revert' || (input.action === 'append' && input.position === 'before');

  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ status: tasks.status, actedAt: tasks.actedAt })
      .from(tasks)
      .where(eq(tasks.id, task.id))
      .for('update');
    if (input.action !== 'withdraw' && (locked?.status !== 'pending' || locked.actedAt))
      throw new AppError('conflict', '任务已处理或已不在待办中');
    const [action] = await tx
      .insert(taskActions)
      .values({
        taskId: task.id,
        instanceId: task.instanceId,
        userId: viewer.userId,
        action: input.action,
        remark: input.remark ?? null,
        params,
      })
      .returning({ id: taskActions.id });
    if (!action) throw new Error('task action insert failed');
    if (takesTask) await markTaskActed(tx, { taskId: task.id });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: `task.${input.action}`,
      targetType: 'task',
      targetId: task.id,
      details: { remark: input.remark ?? null, actionId: action.id, ...params },
      ...meta,
    });
    await sendJob(tx, 'write-back-action', { actionId: action.id }, { singletonKey: action.id });
    return { actionId: action.id };
  });
}
