import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { processInstances, taskActions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { canRevokeInstance } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { getActorExternalId } from './get-actor-external-id';

export const instanceActionInputSchema = z.object({
  action: z.literal('revoke'),
  remark: z.string().trim().max(1000).optional(),
});
export type InstanceActionInput = z.infer<typeof instanceActionInputSchema>;

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
    if (!canRevokeInstance(viewer, instance)) throw new AppError('forbidden', '只有发起人可以撤销');
    if (instance.status !== 'running') throw new AppError('conflict', '流程已结束，无法撤销');
    await getActorExternalId(tx, instance.connectorId, viewer.userId);
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
