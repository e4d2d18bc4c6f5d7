import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { inboundEvents } from '@/db/schema';
import { planJobInsert, rawClientOf, type SendJobOptions, sendJob } from '@/lib/jobs/send-job';

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
 * (unique on connector + source event id, so a redelivery is a no-op) and enqueue its processing job,
 * atomically. Returns once committed; throws if the database did not take it, so the caller answers with an
 * error / LATER and the source retries.
 *
 * Both inserts are ONE statement (data-modifying CTEs: the job rows are inserted only when the event row was,
 * and the next-slot job only when the current slot is taken), so the event costs one round trip and one commit
 * instead of BEGIN, insert, send, COMMIT (docs/benchmarks.md, ingest).
 */
export async function recordInboundEvent(
  db: DbOrTx,
  connectorId: string,
  event: InboundEventInput,
): Promise<{ id: string | null; isDuplicate: boolean }> {
  const row = {
    connectorId,
    sourceEventId: event.sourceEventId.slice(0, 200),
    type: event.type.slice(0, 100),
    instanceExternalId: event.instanceExternalId?.slice(0, 200) ?? null,
    payload: event.payload ?? null,
  };
  if (event.rejection) {
    // Stored for the record, never processed: no job.
    const [inserted] = await db
      .insert(inboundEvents)
      .values({ ...row, status: 'rejected', lastError: event.rejection })
      .onConflictDoNothing({ target: [inboundEvents.connectorId, inboundEvents.sourceEventId] })
      .returning({ id: inboundEvents.id });
    return inserted ? { id: inserted.id, isDuplicate: false } : { id: null, isDuplicate: true };
  }

  const id = randomUUID();
  const jobs = await planJobInsert(
    'process-inbound-events',
    { connectorId, instanceExternalId: row.instanceExternalId, inboundEventId: id },
    processingJobOptions(connectorId, row.instanceExternalId, id),
  );
  const values: unknown[] = [
    id,
    connectorId,
    row.sourceEventId,
    row.type,
    row.instanceExternalId,
    JSON.stringify(row.payload),
  ];
  let text = `WITH ev AS (
    INSERT INTO inbound_events (id, connector_id, source_event_id, type, instance_external_id, payload)
    VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb)
    ON CONFLICT (connector_id, source_event_id) DO NOTHING
    RETURNING id)`;
  jobs.forEach((job, i) => {
    const offset = values.length;
    const shifted = job.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    const guard =
      i === 0
        ? 'WHERE EXISTS (SELECT 1 FROM ev)'
        : `WHERE EXISTS (SELECT 1 FROM ev) AND NOT EXISTS (SELECT 1 FROM job${i - 1})`;
    const parts = shifted.split('ON CONFLICT DO NOTHING');
    // pg-boss's insertJob plan has exactly one; anything else means its SQL changed under us.
    if (parts.length !== 2) throw new Error('pg-boss insertJob plan changed: cannot fold the job insert');
    text += `, job${i} AS (${parts[0]} ${guard} ON CONFLICT DO NOTHING${parts[1]})`;
    values.push(...job.values);
  });
  text += ' SELECT id FROM ev';
  const rows = (await rawClientOf(db).unsafe(text, values)) as { id: string }[];
  const inserted = rows[0];
  return inserted ? { id: inserted.id, isDuplicate: false } : { id: null, isDuplicate: true };
}

function processingJobOptions(
  connectorId: string,
  instanceExternalId: string | null,
  inboundEventId: string,
): SendJobOptions {
  const key = instanceExternalId ? `${connectorId}:${instanceExternalId}` : inboundEventId;
  return { singletonKey: key, singletonSeconds: COALESCE_SECONDS, singletonNextSlot: true };
}

/** Enqueues (debounced per instance) the job that turns stored events into a fresh snapshot. */
export async function enqueueProcessing(
  tx: DbOrTx,
  connectorId: string,
  instanceExternalId: string | null,
  inboundEventId: string,
): Promise<void> {
  await sendJob(
    tx,
    'process-inbound-events',
    { connectorId, instanceExternalId, inboundEventId },
    processingJobOptions(connectorId, instanceExternalId, inboundEventId),
  );
}

/** Row count helper for tests and health: events of a connector by status. */
export async function countInboundEvents(db: DbOrTx, connectorId: string) {
  return db.execute<{ status: string; n: number }>(
    sql`SELECT status, count(*)::int AS n FROM inbound_events WHERE connector_id = ${connectorId} GROUP BY status`,
  );
}
