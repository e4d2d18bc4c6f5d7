import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { localDingtalkLinks, processInstances } from '@/db/schema';
import { sendJob } from '@/lib/jobs/send-job';
import type { AppliedInstance } from '@/lib/tasks/instance-applied-hooks';

/**
 * Registered as an instance-applied hook (lib/connectors/local/adapter.ts): runs for every instance
 * applySnapshot() writes (same transaction). When a DingTalk instance that a
 * local workflow step started (local_dingtalk_links) reaches a final status, the link is marked resumed and a
 * `resume-local-step` job is enqueued. The guarded `UPDATE … WHERE resumed_at IS NULL` makes this happen once,
 * however many times the final event or reconciliation applies the instance.
 */
export async function resumeLinkedSteps(tx: Tx, instances: AppliedInstance[]): Promise<void> {
  const finished = instances.filter((i) => i.status !== 'running');
  if (finished.length === 0) return;
  // One query tells which of a batch's instances a local step waits on (usually none); only those are resumed.
  const waiting = new Set(
    (
      await tx
        .select({
          connectorId: localDingtalkLinks.connectorId,
          instanceId: localDingtalkLinks.dingtalkInstanceId,
        })
        .from(localDingtalkLinks)
        .where(
          and(
            inArray(localDingtalkLinks.connectorId, [...new Set(finished.map((i) => i.connectorId))]),
            inArray(
              localDingtalkLinks.dingtalkInstanceId,
              finished.map((i) => i.externalId),
            ),
            isNull(localDingtalkLinks.resumedAt),
          ),
        )
    ).map((l) => `${l.connectorId}:${l.instanceId}`),
  );
  for (const instance of finished)
    if (waiting.has(`${instance.connectorId}:${instance.externalId}`)) await resumeLinkedStep(tx, instance);
}

export async function resumeLinkedStep(tx: Tx, input: AppliedInstance): Promise<void> {
  // Only instances a local step started have a link row; any other instance matches none below.
  if (input.status === 'running') return;
  const now = new Date();
  const resumed = await tx
    .update(localDingtalkLinks)
    .set({
      result: input.status === 'completed' && input.result === 'agree' ? 'agree' : 'refuse',
      finishedAt: now,
      resumedAt: now,
    })
    .where(
      and(
        eq(localDingtalkLinks.connectorId, input.connectorId),
        eq(localDingtalkLinks.dingtalkInstanceId, input.externalId),
        isNull(localDingtalkLinks.resumedAt),
      ),
    )
    .returning({ id: localDingtalkLinks.id });
  for (const link of resumed)
    await sendJob(tx, 'resume-local-step', { linkId: link.id }, { singletonKey: link.id });
}

/**
 * Called right after a local step recorded the DingTalk instance it started (same transaction): if that
 * instance's final snapshot was already applied before the link existed (a template that finishes at once),
 * resume now. The share lock waits for an apply of the instance in progress, so one of the two paths sees the
 * other's commit.
 */
export async function onLinkRecorded(
  tx: Tx,
  input: { connectorId: string; dingtalkInstanceId: string },
): Promise<void> {
  const [instance] = await tx
    .select({
      source: processInstances.source,
      status: processInstances.status,
      result: processInstances.result,
    })
    .from(processInstances)
    .where(
      and(
        eq(processInstances.connectorId, input.connectorId),
        eq(processInstances.externalId, input.dingtalkInstanceId),
      ),
    )
    .for('share');
  if (!instance) return;
  await resumeLinkedStep(tx, {
    connectorId: input.connectorId,
    source: instance.source,
    externalId: input.dingtalkInstanceId,
    status: instance.status,
    result: instance.result,
  });
}
