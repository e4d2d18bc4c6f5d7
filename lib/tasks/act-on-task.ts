import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import {
  connectors,
  identities,
  processInstances,
  processSettings,
  taskActions,
  tasks,
  users,
} from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getAdapter } from '@/lib/connectors/registry';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';

export const taskActionInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('agree'),
    remark: z.string().trim().max(1000).optional(),
    /** Part of a batch approve from 待我处理: only processes an admin marked batch-approvable. */
    batch: z.boolean().optional(),
  }),
  z.object({ action: z.literal('refuse'), remark: z.string().trim().min(1, '拒绝时必须填写意见').max(1000) }),
  z.object({
    action: z.literal('transfer'),
    targetUserId: z.uuid(),
    remark: z.string().trim().max(256).optional(),
  }),
  z.object({ action: z.literal('comment'), remark: z.string().trim().min(1, '评论不能为空').max(1000) }),
]);
export type TaskActionInput = z.infer<typeof taskActionInputSchema>;

export const instanceActionInputSchema = z.object({
  action: z.literal('revoke'),
  remark: z.string().trim().max(1000).optional(),
});
export type InstanceActionInput = z.infer<typeof instanceActionInputSchema>;

/**
 * A user's action on their task (同意 / 拒绝 / 转交 / 评论). Only the assignee may act (403 otherwise, nothing
 * sent). The action row (write-back `pending`), the task's acted mark (it leaves 待我处理 at once and no late
 * event brings it back), the audit row and the write-back job commit together; the worker then performs the
 * action at the source in the user's name, and the next snapshot confirms it.
 */
export async function actOnTask(
  db: Db,
  viewer: Viewer,
  input: { taskId: string } & TaskActionInput,
  meta: RequestMeta = {},
): Promise<{ actionId: string }> {
  return actAsAssignee(db, { viewer, isAdminOverride: false }, input, meta);
}

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

/**
 * The shared body of a task action: by the assignee themself, or (isAdminOverride) by an admin in the
 * assignee's name. The write-back always acts as the assignee (task_actions.user_id).
 */
async function actAsAssignee(
  db: Db,
  who: { viewer: Viewer; isAdminOverride: boolean },
  input: { taskId: string } & TaskActionInput,
  meta: RequestMeta,
): Promise<{ actionId: string }> {
  const { viewer, isAdminOverride } = who;
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({
        id: tasks.id,
        instanceId: tasks.instanceId,
        connectorId: tasks.connectorId,
        kind: tasks.kind,
        status: tasks.status,
        actedAt: tasks.actedAt,
        assigneeUserId: tasks.assigneeUserId,
        processCode: processInstances.processCode,
      })
      .from(tasks)
      .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
      .where(eq(tasks.id, input.taskId))
      .for('update', { of: tasks });
    if (!task) throw new AppError('not_found', '任务不存在');
    if (!isAdminOverride && task.assigneeUserId !== viewer.userId)
      throw new AppError('forbidden', '只有任务处理人可以操作此任务');
    if (!task.assigneeUserId) throw new AppError('conflict', '任务处理人尚未关联 Huiban 用户，无法代为操作');
    const actingUserId = task.assigneeUserId;
    const changesTask = input.action !== 'comment';
    if (changesTask && (task.kind !== 'approval' || task.status !== 'pending' || task.actedAt)) {
      throw new AppError('conflict', '任务已处理或已不在待办中');
    }
    if (input.action === 'agree' && input.batch) await assertBatchApprovable(tx, task);
    await actorIdentity(
      tx,
      task.connectorId,
      actingUserId,
      isAdminOverride ? '任务处理人在该来源系统中的账号尚未关联' : undefined,
    );
    let params: Record<string, unknown> = {};
    if (input.action === 'transfer') {
      if (input.targetUserId === actingUserId)
        throw new AppError('validation_failed', isAdminOverride ? '不能转交给当前处理人' : '不能转交给自己');
      const target = await transferTargetIdentity(tx, task.connectorId, input.targetUserId);
      params = { targetUserId: input.targetUserId, targetExternalId: target };
    }
    const [action] = await tx
      .insert(taskActions)
      .values({
        taskId: task.id,
        instanceId: task.instanceId,
        userId: actingUserId,
        action: input.action,
        remark: input.remark ?? null,
        params,
      })
      .returning({ id: taskActions.id });
    if (!action) throw new Error('task action insert failed');
    if (changesTask) {
      await tx
        .update(tasks)
        .set({ actedAt: new Date() })
        .where(and(eq(tasks.id, task.id), isNull(tasks.actedAt)));
    }
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      onBehalfOfUserId: isAdminOverride ? actingUserId : null,
      action: isAdminOverride ? 'task.force_reassign' : `task.${input.action}`,
      targetType: 'task',
      targetId: task.id,
      details: { remark: input.remark ?? null, actionId: action.id, ...params },
      ...meta,
    });
    await sendJob(tx, 'write-back-action', { actionId: action.id }, { singletonKey: action.id });
    return { actionId: action.id };
  });
}

/** The originator revokes (撤销) their running instance. */
export async function revokeInstance(
  db: Db,
  viewer: Viewer,
  input: { instanceId: string } & InstanceActionInput,
  meta: RequestMeta = {},
): Promise<{ actionId: string }> {
  return db.transaction(async (tx) => {
    const [instance] = await tx
      .select({
        id: processInstances.id,
        connectorId: processInstances.connectorId,
        status: processInstances.status,
        originatorUserId: processInstances.originatorUserId,
      })
      .from(processInstances)
      .where(eq(processInstances.id, input.instanceId))
      .for('update');
    if (!instance) throw new AppError('not_found', '流程不存在');
    if (instance.originatorUserId !== viewer.userId) throw new AppError('forbidden', '只有发起人可以撤销');
    if (instance.status !== 'running') throw new AppError('conflict', '流程已结束，无法撤销');
    await actorIdentity(tx, instance.connectorId, viewer.userId);
    const [action] = await tx
      .insert(taskActions)
      .values({
        instanceId: instance.id,
        userId: viewer.userId,
        action: 'revoke',
        remark: input.remark ?? null,
      })
      .returning({ id: taskActions.id });
    if (!action) throw new Error('task action insert failed');
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'instance.revoke',
      targetType: 'instance',
      targetId: instance.id,
      details: { remark: input.remark ?? null },
      ...meta,
    });
    await sendJob(tx, 'write-back-action', { actionId: action.id }, { singletonKey: action.id });
    return { actionId: action.id };
  });
}

async function assertBatchApprovable(tx: Tx, task: { connectorId: string; processCode: string | null }) {
  const [setting] = task.processCode
    ? await tx
        .select({ batchApprovable: processSettings.batchApprovable })
        .from(processSettings)
        .where(
          and(
            eq(processSettings.connectorId, task.connectorId),
            eq(processSettings.processCode, task.processCode),
          ),
        )
    : [];
  if (!setting?.batchApprovable) throw new AppError('conflict', '该流程不允许批量同意，请打开后逐条处理');
}

/**
 * The transfer target's id at the source. A source that addresses people by Huiban user id (the open API)
 * gets an identity for them on first use; others need the person to be known to the source already.
 */
async function transferTargetIdentity(tx: Tx, connectorId: string, userId: string): Promise<string> {
  const [known] = await tx
    .select({ externalUserId: identities.externalUserId })
    .from(identities)
    .where(and(eq(identities.connectorId, connectorId), eq(identities.userId, userId)))
    .limit(1);
  if (known) return known.externalUserId;
  const [connector] = await tx
    .select({ kind: connectors.kind })
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  const keyFor = connector ? getAdapter(connector.kind).identityKeyForUser : undefined;
  if (!keyFor) throw new AppError('conflict', '转交对象在该来源系统中没有关联账号');
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('validation_failed', '转交对象不存在');
  const externalUserId = keyFor(userId);
  await tx
    .insert(identities)
    .values({ connectorId, externalUserId, userId, matchedBy: 'userId' })
    .onConflictDoNothing({ target: [identities.connectorId, identities.externalUserId] });
  return externalUserId;
}

/** The user's id at the connector's source; acting needs one (DingTalk acts in the user's name). */
async function actorIdentity(
  tx: Tx,
  connectorId: string,
  userId: string,
  message = '您在该来源系统中的账号尚未关联',
): Promise<string> {
  const [identity] = await tx
    .select({ externalUserId: identities.externalUserId })
    .from(identities)
    .where(and(eq(identities.connectorId, connectorId), eq(identities.userId, userId)))
    .limit(1);
  if (!identity) throw new AppError('conflict', message);
  return identity.externalUserId;
}

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
  const input: TaskActionInput =
    failed.action === 'transfer'
      ? { action: 'transfer', targetUserId: String(failed.params.targetUserId), remark }
      : failed.action === 'agree'
        ? { action: 'agree', remark }
        : { action: failed.action, remark: remark ?? '' };
  return actOnTask(db, viewer, { taskId: failed.taskId, ...input }, meta);
}

/** Write-back state of the viewer's own actions (batch approve polls this); other people's ids are omitted. */
export async function getActionStatuses(
  db: Db,
  viewer: Viewer,
  actionIds: string[],
): Promise<{ id: string; taskId: string | null; writeBackStatus: string; lastError: string | null }[]> {
  if (!actionIds.length) return [];
  return db
    .select({
      id: taskActions.id,
      taskId: taskActions.taskId,
      writeBackStatus: taskActions.writeBackStatus,
      lastError: taskActions.lastError,
    })
    .from(taskActions)
    .where(and(inArray(taskActions.id, actionIds), eq(taskActions.userId, viewer.userId)));
}
