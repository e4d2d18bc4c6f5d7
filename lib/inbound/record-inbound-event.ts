import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '@/db/client';
import { rawClientOf, sendJob } from '@/lib/jobs/send-job';
import {
  buildAppendStatement,
  COALESCE_SECONDS,
  type InboundEventInput,
  processingJobOptions,
} from './build-append-statement';
import { groupCommitterFor } from './group-commit';

export { COALESCE_SECONDS, type InboundEventInput };

/**
 * The only thing done before an inbound event is acknowledged (invariant 1): insert it into inbound_events
 * (unique on connector + source event id, so a redelivery is a no-op) and enqueue its processing job,
 * atomically. Returns once committed; throws if the database did not take it, so the caller answers with an
 * error / LATER and the source retries.
 *
 * On the pool (every ack path: HTTP callback, Stream, Yida push) the event joins the process's group commit
 * (group-commit.ts): concurrent events share one statement and one COMMIT. Inside a caller's transaction it is
 * one statement of that transaction (both inserts in data-modifying CTEs), committed or rolled back with it.
 */
export async function recordInboundEvent(
  db: DbOrTx,
  connectorId: string,
  event: InboundEventInput,
): Promise<{ id: string | null; isDuplicate: boolean }> {
  if (!(db instanceof PgTransaction)) return groupCommitterFor(db as Db).append(connectorId, event);
  return recordInboundEventNow(db, connectorId, event);
}

/** recordInboundEvent without group commit: one statement on `db` now (benches compare the two). */
export async function recordInboundEventNow(
  db: DbOrTx,
  connectorId: string,
  event: InboundEventInput,
): Promise<{ id: string | null; isDuplicate: boolean }> {
  const id = randomUUID();
  const { text, values } = await buildAppendStatement([{ id, connectorId, event }]);
  const rows = (await rawClientOf(db).unsafe(text, values, { prepare: true })) as { id: string }[];
  return rows[0] ? { id, isDuplicate: false } : { id: null, isDuplicate: true };
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
