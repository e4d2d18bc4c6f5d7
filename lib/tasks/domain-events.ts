import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { processInstances, tasks } from '@/db/schema';
import { enqueueDeliveries, loadActiveSubscriptions } from '@/lib/distribution/outbox/enqueue-deliveries';
import { isNormalizedEventType } from '@/lib/distribution/outbox/event-types';
import { diffDomainEvents, type InstanceWithTasks } from './diff-domain-events';

/**
 * Wraps one applySnapshot() write for event distribution: reads the instance before, runs the write,
 * reads it after, and writes the outbox (deliveries + their jobs) for what changed, all in the caller's
 * transaction. With no subscriber to a normalized event it costs one query and reads nothing else.
 *
 * The "before" read takes no lock (applySnapshot's own row lock comes later, after its identity locks; taking
 * the instance lock first could deadlock with linkIdentityToUser). A concurrent write landing between the two
 * reads is then reported by both transactions; event keys make that one event.
 */
export async function withDomainEvents<R extends { instanceId: string }>(
  tx: Tx,
  key: { connectorId: string; externalId: string },
  write: () => Promise<R>,
): Promise<R> {
  const subs = (await loadActiveSubscriptions(tx)).filter((s) => s.eventTypes.some(isNormalizedEventType));
  if (subs.length === 0) return write();
  const before = await readInstance(tx, key);
  const result = await write();
  const after = await readInstance(tx, { instanceId: result.instanceId });
  if (after) await enqueueDeliveries(tx, diffDomainEvents(before, after), subs);
  return result;
}

/**
 * withDomainEvents() for a set-based write of several instances (applySnapshots()): `write` returns one result
 * per key, in the keys' order.
 */
export async function withDomainEventsForMany<R extends { instanceId: string }>(
  tx: Tx,
  keys: { connectorId: string; externalId: string }[],
  write: () => Promise<R[]>,
): Promise<R[]> {
  const subs = (await loadActiveSubscriptions(tx)).filter((s) => s.eventTypes.some(isNormalizedEventType));
  if (subs.length === 0) return write();
  const before: (InstanceWithTasks | null)[] = [];
  for (const key of keys) before.push(await readInstance(tx, key));
  const results = await write();
  for (const [i, result] of results.entries()) {
    const after = await readInstance(tx, { instanceId: result.instanceId });
    if (after) await enqueueDeliveries(tx, diffDomainEvents(before[i] ?? null, after), subs);
  }
  return results;
}

async function readInstance(
  tx: Tx,
  where: { connectorId: string; externalId: string } | { instanceId: string },
): Promise<InstanceWithTasks | null> {
  const [instance] = await tx
    .select({
      id: processInstances.id,
      connectorId: processInstances.connectorId,
      source: processInstances.source,
      externalId: processInstances.externalId,
      processCode: processInstances.processCode,
      processName: processInstances.processName,
      title: processInstances.title,
      status: processInstances.status,
      result: processInstances.result,
      originatorUserId: processInstances.originatorUserId,
      originatorExternalId: processInstances.originatorExternalId,
      originatorName: processInstances.originatorName,
      summary: processInstances.summary,
      pcUrl: processInstances.pcUrl,
      mobileUrl: processInstances.mobileUrl,
      sourceCreatedAt: processInstances.sourceCreatedAt,
      sourceFinishedAt: processInstances.sourceFinishedAt,
      sourceUpdatedAt: processInstances.sourceUpdatedAt,
    })
    .from(processInstances)
    .where(
      'instanceId' in where
        ? eq(processInstances.id, where.instanceId)
        : and(
            eq(processInstances.connectorId, where.connectorId),
            eq(processInstances.externalId, where.externalId),
          ),
    );
  if (!instance) return null;
  const rows = await tx
    .select({
      id: tasks.id,
      externalTaskId: tasks.externalTaskId,
      kind: tasks.kind,
      assigneeUserId: tasks.assigneeUserId,
      assigneeExternalId: tasks.assigneeExternalId,
      status: tasks.status,
      result: tasks.result,
      nodeName: tasks.nodeName,
      receivedAt: tasks.receivedAt,
      finishedAt: tasks.finishedAt,
      dueAt: tasks.dueAt,
      pcUrl: tasks.pcUrl,
      mobileUrl: tasks.mobileUrl,
    })
    .from(tasks)
    .where(eq(tasks.instanceId, instance.id))
    .orderBy(asc(tasks.receivedAt), asc(tasks.id));
  return { instance, tasks: rows };
}
