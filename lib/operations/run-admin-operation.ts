import { and, asc, eq, gte, inArray, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { adminOperations, inboundEvents, processInstances } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import type { Logger } from '@/lib/log';
import { processInboundEvents } from '@/lib/sync/process-inbound-events';
import { fingerprint } from '@/lib/sync/reconcile-connector';
import { reconcileScopes } from '@/lib/sync/reconcile-scopes';
import { refreshInstance } from '@/lib/sync/refresh-instance';
import { eventFilterWhere } from './event-filter';
import {
  type ReplayParams,
  type ResyncParams,
  replayParamsSchema,
  resyncParamsSchema,
} from './operation-input';

/** Events replayed per round: their status is reset together, then each instance is processed once. */
const REPLAY_CHUNK = 100;

export type ReplayResult = {
  events: number;
  instances: number;
  applied: number;
  notFound: number;
  skipped: number;
  failed: number;
};
export type ResyncResult = {
  checked: number;
  repaired: number;
  created: number;
  unchanged: number;
  gone: number;
  errors: number;
};

/**
 * Runs one admin operation (the `run-admin-operation` job): marks it running, does the work with progress
 * written on the row, and records the result. Finished operations are not run again; an operation whose
 * worker died mid-way starts over, which is safe because replay and resync are idempotent (invariant 2).
 */
export async function runAdminOperation(
  db: Db,
  operationId: string,
  options: { log: Logger },
): Promise<void> {
  const [op] = await db
    .update(adminOperations)
    .set({ status: 'running', startedAt: new Date(), done: 0, failed: 0, error: null })
    .where(and(eq(adminOperations.id, operationId), inArray(adminOperations.status, ['queued', 'running'])))
    .returning();
  if (!op) return;
  const progress = (patch: { total?: number; done?: number; failed?: number }) =>
    db.update(adminOperations).set(patch).where(eq(adminOperations.id, operationId));
  try {
    const result =
      op.kind === 'replay'
        ? await replayEvents(db, replayParamsSchema.parse(op.params), { ...options, progress })
        : await resyncInstances(db, resyncParamsSchema.parse(op.params), { ...options, progress });
    await db
      .update(adminOperations)
      .set({ status: 'done', result, finishedAt: new Date() })
      .where(eq(adminOperations.id, operationId));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.log.warn({ err: error, operationId }, 'admin operation failed');
    await db
      .update(adminOperations)
      .set({ status: 'failed', error: message.slice(0, 500), finishedAt: new Date() })
      .where(eq(adminOperations.id, operationId));
  }
}

type Progress = (patch: { total?: number; done?: number; failed?: number }) => Promise<unknown>;

/**
 * Replays stored events through the normal pipeline: each chunk's events go back to `received` and every
 * instance they name is processed once (one authoritative fetch → applySnapshot()). Processed events replay
 * as well as dead ones, and end in the same rows (invariant 2). Rejected events (bad signature) never replay.
 */
async function replayEvents(
  db: Db,
  params: ReplayParams,
  options: { log: Logger; progress: Progress },
): Promise<ReplayResult> {
  const scope = and(
    params.eventIds ? inArray(inboundEvents.id, params.eventIds) : eventFilterWhere(params.filter ?? {}),
    ne(inboundEvents.status, 'rejected'),
  );
  // The set is fixed at the start: events arriving meanwhile are the normal pipeline's business. The bound
  // is PostgreSQL's own clock as text (microseconds; a JS Date would truncate them).
  const [clock] = (await db.execute(sql`SELECT clock_timestamp()::text AS bound`)) as unknown as {
    bound: string;
  }[];
  const inScope = and(scope, sql`${inboundEvents.receivedAt} <= ${clock?.bound ?? null}::timestamptz`);
  const [{ n: total = 0 } = {}] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboundEvents)
    .where(inScope);
  await options.progress({ total });
  const result: ReplayResult = { events: 0, instances: 0, applied: 0, notFound: 0, skipped: 0, failed: 0 };
  let afterId: string | null = null;
  for (;;) {
    // Keyset by (received_at, id), compared in SQL against the last row itself (exact to the microsecond).
    const chunk: { id: string; connectorId: string; instanceExternalId: string | null }[] = await db
      .select({
        id: inboundEvents.id,
        connectorId: inboundEvents.connectorId,
        instanceExternalId: inboundEvents.instanceExternalId,
      })
      .from(inboundEvents)
      .where(
        and(
          inScope,
          afterId
            ? sql`(${inboundEvents.receivedAt}, ${inboundEvents.id}) > (SELECT e.received_at, e.id FROM inbound_events e WHERE e.id = ${afterId})`
            : undefined,
        ),
      )
      .orderBy(asc(inboundEvents.receivedAt), asc(inboundEvents.id))
      .limit(REPLAY_CHUNK);
    if (chunk.length === 0) break;
    afterId = chunk[chunk.length - 1]?.id ?? null;
    const ids = chunk.map((e) => e.id);
    await db
      .update(inboundEvents)
      .set({ status: 'received', lastError: null, attempts: 0, processedAt: null })
      .where(inArray(inboundEvents.id, ids));
    // One processing per instance: processInboundEvents claims all open events of the instance at once.
    const groups = new Map<string, { connectorId: string; instanceExternalId: string | null; id: string }>();
    for (const e of chunk) groups.set(`${e.connectorId}|${e.instanceExternalId ?? e.id}`, e);
    for (const g of groups.values()) {
      const outcome = await processInboundEvents(
        db,
        { connectorId: g.connectorId, instanceExternalId: g.instanceExternalId, inboundEventId: g.id },
        { log: options.log, isFinalAttempt: true },
      ).catch((error: unknown) => {
        options.log.warn({ err: error, event: g.id }, 'replay: processing failed');
        return 'failed' as const;
      });
      result.instances += 1;
      if (outcome === 'applied') result.applied += 1;
      else if (outcome === 'not-found') result.notFound += 1;
      else if (outcome === 'skipped') result.skipped += 1;
      else if (outcome === 'failed') result.failed += 1;
    }
    // Dead-letter jobs of these events are answered by the replay.
    await db.execute(
      sql`DELETE FROM ${sql.raw(BOSS_SCHEMA)}.job WHERE name = 'dead-letter' AND data->>'inboundEventId' IN ${ids}`,
    );
    result.events += chunk.length;
    const [{ failedEvents = 0 } = {}] = await db
      .select({ failedEvents: sql<number>`count(*)::int` })
      .from(inboundEvents)
      .where(and(inArray(inboundEvents.id, ids), inArray(inboundEvents.status, ['dead', 'failed'])));
    await options.progress({
      done: result.events,
      failed: sql`${adminOperations.failed} + ${failedEvents}` as unknown as number,
    });
  }
  return result;
}

/**
 * Re-fetches instances from their source and applies them (the reconciliation code path, invariant 3): one
 * instance, or every instance the source lists in the window plus those Huiban holds from that window.
 */
async function resyncInstances(
  db: Db,
  params: ResyncParams,
  options: { log: Logger; progress: Progress },
): Promise<ResyncResult> {
  const connector = await unsafeLoadConnectorRuntime(db, params.connectorId);
  if (!connector) throw new Error('errors:notFound.connector');
  const adapter = getAdapter(connector.kind);
  const ctx = { db, connector, log: options.log };
  if (adapter.canReconcile && !adapter.canReconcile(ctx)) throw new Error('errors:operation.noSourceToRead');

  const targets = new Map<string, string | null>(); // external id → process code hint
  if (params.instanceExternalId) {
    const [known] = await db
      .select({ processCode: processInstances.processCode })
      .from(processInstances)
      .where(
        and(
          eq(processInstances.connectorId, connector.id),
          eq(processInstances.externalId, params.instanceExternalId),
        ),
      );
    targets.set(params.instanceExternalId, known?.processCode ?? null);
  } else if (params.since && params.until) {
    const stored = await db
      .select({ externalId: processInstances.externalId, processCode: processInstances.processCode })
      .from(processInstances)
      .where(
        and(
          eq(processInstances.connectorId, connector.id),
          or(
            and(
              gte(processInstances.sourceCreatedAt, params.since),
              lte(processInstances.sourceCreatedAt, params.until),
            ),
            and(
              gte(processInstances.sourceUpdatedAt, params.since),
              lte(processInstances.sourceUpdatedAt, params.until),
            ),
          ),
        ),
      );
    for (const s of stored) targets.set(s.externalId, s.processCode);
    if (adapter.listInstanceIds) {
      // Every process code Huiban has seen from this connector when none is configured ("all processes").
      const scopes = await reconcileScopes(db, adapter, ctx);
      for (const processCode of scopes) {
        const ids = await adapter.listInstanceIds(ctx, {
          processCode,
          since: params.since,
          until: params.until,
          limit: 5000,
        });
        for (const id of ids) if (!targets.has(id)) targets.set(id, processCode);
      }
    }
  }
  await options.progress({ total: targets.size });
  const result: ResyncResult = { checked: 0, repaired: 0, created: 0, unchanged: 0, gone: 0, errors: 0 };
  for (const [externalId, processCode] of targets) {
    try {
      const before = await fingerprint(db, connector.id, externalId);
      const outcome = await refreshInstance(db, connector, externalId, { log: options.log, processCode });
      const after = await fingerprint(db, connector.id, externalId);
      if (outcome === 'not-found') result.gone += 1;
      else if (before === '') result.created += 1;
      else if (after !== before) result.repaired += 1;
      else result.unchanged += 1;
    } catch (error) {
      result.errors += 1;
      options.log.warn({ err: error, instance: externalId }, 'resync: re-fetch failed');
    }
    result.checked += 1;
    await options.progress({ done: result.checked, failed: result.errors });
  }
  return result;
}
