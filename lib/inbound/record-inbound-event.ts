import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { inboundEvents } from '@/db/schema';
import { sendJob } from '@/lib/jobs/send-job';

export type InboundEventInput = {
  sourceEventId: string;
  type: string;
  instanceExternalId: string | null;
  payload: unknown;
  /** Set when the event is well-formed but unusable: stored as `rejected` with this reason, no job. */
  rejection?: string | null;
};

/**
 * Events of one instance arriving within this window are served by one snapshot fetch (API economy): the
 * job is debounced per instance with pg-boss's singleton slots.
 */
export const COALESCE_SECONDS = 2;

/**
 * The only thing done before an inbound event is acknowledged (invariant 1): insert it into inbound_events
 * (unique on connector + source event id, so a redelivery is a no-op) and enqueue its processing job, in ONE
 * transaction. Returns once committed; throws if the database did not take it, so the caller answers with an
 * error / LATER and the source retries.
 */
export async function recordInboundEvent(
  db: DbOrTx,
  connectorId: string,
  event: InboundEventInput,
): Promise<{ id: string | null; isDuplicate: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboundEvents)
      .values({
        connectorId,
        sourceEventId: event.sourceEventId.slice(0, 200),
        type: event.type.slice(0, 100),
        instanceExternalId: event.instanceExternalId?.slice(0, 200) ?? null,
        payload: event.payload ?? null,
        status: event.rejection ? 'rejected' : 'received',
        lastError: event.rejection ?? null,
      })
      .onConflictDoNothing({ target: [inboundEvents.connectorId, inboundEvents.sourceEventId] })
      .returning({ id: inboundEvents.id });
    if (!row) return { id: null, isDuplicate: true };
    if (!event.rejection) await enqueueProcessing(tx, connectorId, event.instanceExternalId, row.id);
    return { id: row.id, isDuplicate: false };
  });
}

/** Enqueues (debounced per instance) the job that turns stored events into a fresh snapshot. */
export async function enqueueProcessing(
  tx: DbOrTx,
  connectorId: string,
  instanceExternalId: string | null,
  inboundEventId: string,
): Promise<void> {
  const key = instanceExternalId ? `${connectorId}:${instanceExternalId}` : inboundEventId;
  await sendJob(
    tx,
    'process-inbound-events',
    { connectorId, instanceExternalId, inboundEventId },
    { singletonKey: key, singletonSeconds: COALESCE_SECONDS, singletonNextSlot: true },
  );
}

/** Row count helper for tests and health: events of a connector by status. */
export async function countInboundEvents(db: DbOrTx, connectorId: string) {
  return db.execute<{ status: string; n: number }>(
    sql`SELECT status, count(*)::int AS n FROM inbound_events WHERE connector_id = ${connectorId} GROUP BY status`,
  );
}
