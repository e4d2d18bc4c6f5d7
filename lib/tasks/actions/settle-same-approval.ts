import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { identities, taskActions, tasks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { sendJob } from '@/lib/jobs/send-job';
import { sameApprovalGroupOf } from '@/lib/tasks/same-approval-group';
import { markTaskActed } from '@/lib/tasks/write/mark-task-acted';

/**
 * One task for one approval, acting once settles both: an agree or refuse on a task also acts, in the
 * same transaction and with the same remark, on the same person's pending approval tasks of the other copies of
 * that approval. Each copy gets its own action row and its own write-back job to its own source — exactly one
 * write-back per source, since the acted mark makes a second action on that task a 409. A copy whose source
 * does not know the person (no identity on its connector) is left to that source's own follow-up (a local
 * workflow's DingTalk step resumes when the DingTalk approval ends; a mirror follows its original).
 */
export async function settleSameApproval(
  tx: Tx,
  input: {
    actionId: string;
    taskId: string;
    instanceId: string;
    userId: string;
    actorUserId: string;
    action: 'agree' | 'refuse';
    remark: string | null;
  },
  meta: RequestMeta,
): Promise<string[]> {
  const group = await sameApprovalGroupOf(tx, input.instanceId);
  const others = group.filter((id) => id !== input.instanceId);
  if (others.length === 0) return [];
  const twins = await tx
    .select({ id: tasks.id, instanceId: tasks.instanceId, connectorId: tasks.connectorId })
    .from(tasks)
    .where(
      and(
        inArray(tasks.instanceId, others),
        eq(tasks.assigneeUserId, input.userId),
        eq(tasks.kind, 'approval'),
        eq(tasks.status, 'pending'),
        isNull(tasks.actedAt),
        ne(tasks.id, input.taskId),
      ),
    )
    .for('update', { of: tasks });
  const acted: string[] = [];
  for (const twin of twins) {
    const [identity] = await tx
      .select({ id: identities.id })
      .from(identities)
      .where(and(eq(identities.connectorId, twin.connectorId), eq(identities.userId, input.userId)))
      .limit(1);
    if (!identity) continue;
    const [action] = await tx
      .insert(taskActions)
      .values({
        taskId: twin.id,
        instanceId: twin.instanceId,
        userId: input.userId,
        action: input.action,
        remark: input.remark,
        params: { sameApprovalOf: input.actionId },
      })
      .returning({ id: taskActions.id });
    if (!action) continue;
    await markTaskActed(tx, { taskId: twin.id });
    await recordAudit(tx, {
      actorUserId: input.actorUserId,
      onBehalfOfUserId: input.actorUserId === input.userId ? null : input.userId,
      action: `task.${input.action}`,
      targetType: 'task',
      targetId: twin.id,
      details: { remark: input.remark, actionId: action.id, sameApprovalOf: input.actionId },
      ...meta,
    });
    await sendJob(tx, 'write-back-action', { actionId: action.id }, { singletonKey: action.id });
    acted.push(action.id);
  }
  return acted;
}
