import { and, eq } from 'drizzle-orm';
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
import { canActOnTask } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { markTaskActed } from '@/lib/tasks/write/mark-task-acted';
import { getActorExternalId } from './get-actor-external-id';
import { settleSameApproval } from './settle-same-approval';
import type { TaskActionInput } from './task-action-input';

/**
 * The shared body of a task action: by the assignee themself, or (isAdminOverride) by an admin in the
 * assignee's name. The write-back always acts as the assignee (task_actions.user_id).
 */
export async function actAsAssignee(
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
    if (!isAdminOverride && !canActOnTask(viewer, task))
      throw new AppError('forbidden', '只有任务处理人可以操作此任务');
    if (!task.assigneeUserId) throw new AppError('conflict', '任务处理人尚未关联 Huiban 用户，无法代为操作');
    const actingUserId = task.assigneeUserId;
    const changesTask = input.action !== 'comment';
    if (changesTask && (task.kind !== 'approval' || task.status !== 'pending' || task.actedAt)) {
      throw new AppError('conflict', '任务已处理或已不在待办中');
    }
    if (input.action === 'agree' && input.batch) await assertBatchApprovable(tx, task);
    await getActorExternalId(
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
      await markTaskActed(tx, { taskId: task.id });
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
    // One task for one approval: the same person's task on the other copies is settled with it.
    if (input.action === 'agree' || input.action === 'refuse')
      await settleSameApproval(
        tx,
        {
          instanceId: task.instanceId,
          actionId: action.id,
          taskId: task.id,
          userId: actingUserId,
          actorUserId: viewer.userId,
          action: input.action,
          remark: input.remark ?? null,
        },
        meta,
      );
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
