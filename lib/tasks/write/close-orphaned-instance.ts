import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, processLogs, tasks } from '@/db/schema';
import { withDomainEvents } from '@/lib/tasks/domain-events';

/** The timeline entry's action: the instance no longer exists at its source (来源已删除). */
export const SOURCE_DELETED_ACTION = 'source_deleted';

export type CloseOrphanedResult = { instanceId: string; tasksCancelled: number } | null;

/**
 * Ends an instance its source no longer has (reconciliation confirmed it gone, twice): the instance becomes
 * `deleted`, its pending items are cancelled (they leave 待我处理 for good), and a timeline entry says so. The
 * write is dated `at` like a snapshot, so a snapshot fetched earlier cannot bring the instance back, while one
 * fetched later (the source did have it after all) simply applies over it. Subscribers hear of the cancelled
 * items through the outbox, as for any other write. Returns null when the instance is not running any more.
 */
export async function closeOrphanedInstance(
  db: Db,
  input: { connectorId: string; externalId: string; at: Date },
): Promise<CloseOrphanedResult> {
  return db.transaction(async (tx) => {
    const [instance] = await tx
      .select({ id: processInstances.id, status: processInstances.status })
      .from(processInstances)
      .where(
        and(
          eq(processInstances.connectorId, input.connectorId),
          eq(processInstances.externalId, input.externalId),
        ),
      )
      .for('no key update');
    if (instance?.status !== 'running') return null;
    const at = input.at;
    return withDomainEvents(
      tx,
      { connectorId: input.connectorId, externalId: input.externalId },
      async () => {
        await tx
          .update(processInstances)
          .set({ status: 'deleted', sourceFinishedAt: at, sourceUpdatedAt: at })
          .where(eq(processInstances.id, instance.id));
        const cancelled = await tx
          .update(tasks)
          .set({ status: 'cancelled', finishedAt: at, sourceUpdatedAt: at })
          .where(
            and(
              eq(tasks.instanceId, instance.id),
              eq(tasks.status, 'pending'),
              sql`${tasks.sourceUpdatedAt} <= ${at.toISOString()}::timestamptz`,
            ),
          )
          .returning({ id: tasks.id });
        await tx
          .insert(processLogs)
          .values({
            instanceId: instance.id,
            // One entry per instance: closing it again (after it came back) does not add a second one.
            externalRecordId: `huiban:${SOURCE_DELETED_ACTION}`,
            action: SOURCE_DELETED_ACTION,
            occurredAt: at,
          })
          .onConflictDoUpdate({
            target: [processLogs.instanceId, processLogs.externalRecordId],
            set: { occurredAt: at },
          });
        return { instanceId: instance.id, tasksCancelled: cancelled.length };
      },
    );
  });
}
