import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { inboundEvents, processInstances, type ReconcileFinding, tasks } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { updateConnectorHealth } from '@/lib/connectors/update-connector-health';
import { enqueueProcessing } from '@/lib/inbound/record-inbound-event';
import type { Logger } from '@/lib/log';
import { closeOrphanedInstance } from '@/lib/tasks/write/close-orphaned-instance';
import { reconcileScopes } from './reconcile-scopes';
import { refreshInstance } from './refresh-instance';

export type ReconcileSummary = {
  /** Open instances re-fetched. */
  openChecked: number;
  /** Instances the source has that Huiban had never seen (missed creates). */
  missedCreated: number;
  /** Open instances whose stored state differed from the source's and was repaired (missed completes/cancels). */
  staleRepaired: number;
  /** Open instances the source no longer has (confirmed by a second fetch). */
  goneAtSource: number;
  /** Of those, the ones ended in Huiban now (instance `deleted`, pending items cancelled, 来源已删除 logged). */
  orphanedClosed: number;
  /** Stored events whose processing job had been lost, queued again. */
  stuckEventsRequeued: number;
  errors: number;
  /** Why the connector was not reconciled at all (a push-only connector has no API to re-read). */
  skipped?: 'cannot_reconcile' | 'disabled';
  /** The instances each repair touched, for the drift report (links to the instance page). */
  findings: ReconcileFinding[];
};

export type ReconcileOptions = {
  log: Logger;
  /** How far back to list instance ids per process code. */
  windowDays?: number;
  /** API budget per run (each re-fetch is one call). */
  maxFetches?: number;
  /** Events older than this without being processed are re-queued. */
  stuckAfterMs?: number;
  now?: Date;
  /**
   * How long to wait before fetching a vanished instance a second time: a source answering "not found" for a
   * moment (a replica lagging behind, a transient fault) must not end an instance that exists.
   */
  orphanRecheckMs?: number;
};

/** The default wait before the second look at a vanished instance (once per run, not per instance). */
export const ORPHAN_RECHECK_MS = 2_000;

/**
 * Repairs drift between a connector's source and Huiban through the same applySnapshot() path (invariant 3):
 * re-fetches open instances (oldest-synced first, within an API budget), lists recent instance ids per
 * configured process code to catch missed creates, ends instances the source no longer has (looked at twice),
 * and re-queues stored events whose job was lost. Records the summary on the connector's health for the sync
 * page and returns what it touched, for the drift report (runReconciliation stores it).
 */
export async function reconcileConnector(
  db: Db,
  connectorId: string,
  options: ReconcileOptions,
): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = {
    openChecked: 0,
    missedCreated: 0,
    staleRepaired: 0,
    goneAtSource: 0,
    orphanedClosed: 0,
    stuckEventsRequeued: 0,
    errors: 0,
    findings: [],
  };
  const connector = await unsafeLoadConnectorRuntime(db, connectorId);
  if (!connector?.enabled) return { ...summary, skipped: 'disabled' };
  const now = options.now ?? new Date();
  let budget = options.maxFetches ?? 200;
  const adapter = getAdapter(connector.kind);
  const ctx = { db, connector, log: options.log };
  if (adapter.canReconcile && !adapter.canReconcile(ctx)) return { ...summary, skipped: 'cannot_reconcile' };
  const note = async (kind: ReconcileFinding['kind'], externalId: string) => {
    summary.findings.push({ kind, externalId, instanceId: await instanceIdOf(db, connectorId, externalId) });
  };

  const stuck = await db
    .select({ id: inboundEvents.id, instanceExternalId: inboundEvents.instanceExternalId })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.connectorId, connectorId),
        inArray(inboundEvents.status, ['received', 'processing']),
        lt(inboundEvents.receivedAt, new Date(now.getTime() - (options.stuckAfterMs ?? 5 * 60_000))),
      ),
    )
    .limit(500);
  for (const e of stuck) {
    await enqueueProcessing(db, connectorId, e.instanceExternalId, e.id);
    summary.stuckEventsRequeued += 1;
  }

  const open = await db
    .select({ externalId: processInstances.externalId, processCode: processInstances.processCode })
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.status, 'running')))
    .orderBy(asc(processInstances.sourceUpdatedAt))
    .limit(budget);
  const vanished: { externalId: string; processCode: string | null }[] = [];
  for (const i of open) {
    budget -= 1;
    try {
      const before = await fingerprint(db, connectorId, i.externalId);
      const outcome = await refreshInstance(db, connector, i.externalId, {
        log: options.log,
        processCode: i.processCode,
      });
      summary.openChecked += 1;
      if (outcome === 'not-found') vanished.push(i);
      else if ((await fingerprint(db, connectorId, i.externalId)) !== before) {
        summary.staleRepaired += 1;
        await note('stale', i.externalId);
      }
    } catch (error) {
      summary.errors += 1;
      await note('error', i.externalId);
      options.log.warn({ err: error, instance: i.externalId }, 'reconcile: re-fetch failed');
    }
  }

  // Orphans: gone at the first look, so look again after a pause; gone twice, the instance is ended in Huiban.
  if (vanished.length > 0) await sleep(options.orphanRecheckMs ?? ORPHAN_RECHECK_MS);
  for (const i of vanished) {
    try {
      const outcome = await refreshInstance(db, connector, i.externalId, {
        log: options.log,
        processCode: i.processCode,
      });
      if (outcome !== 'not-found') {
        summary.staleRepaired += 1;
        await note('stale', i.externalId);
        continue;
      }
      summary.goneAtSource += 1;
      const closed = await closeOrphanedInstance(db, {
        connectorId,
        externalId: i.externalId,
        at: new Date(),
      });
      if (closed) {
        summary.orphanedClosed += 1;
        await note('orphaned', i.externalId);
      }
    } catch (error) {
      summary.errors += 1;
      await note('error', i.externalId);
      options.log.warn({ err: error, instance: i.externalId }, 'reconcile: second look failed');
    }
  }

  const processCodes = adapter.listInstanceIds ? await reconcileScopes(db, adapter, ctx) : [];
  if (adapter.listInstanceIds && processCodes.length > 0) {
    const since = new Date(now.getTime() - (options.windowDays ?? 7) * 24 * 3600 * 1000);
    for (const processCode of processCodes) {
      if (budget <= 0) break;
      try {
        const ids = await adapter.listInstanceIds(ctx, { processCode, since, until: now, limit: 1000 });
        const known = ids.length
          ? await db
              .select({ externalId: processInstances.externalId })
              .from(processInstances)
              .where(
                and(eq(processInstances.connectorId, connectorId), inArray(processInstances.externalId, ids)),
              )
          : [];
        const knownIds = new Set(known.map((k) => k.externalId));
        for (const id of ids.filter((x) => !knownIds.has(x))) {
          if (budget-- <= 0) break;
          const outcome = await refreshInstance(db, connector, id, { log: options.log, processCode });
          if (outcome === 'applied') {
            summary.missedCreated += 1;
            await note('missed', id);
          }
        }
      } catch (error) {
        summary.errors += 1;
        options.log.warn({ err: error, processCode }, 'reconcile: listing failed');
      }
    }
  }

  const { findings: _findings, skipped: _skipped, ...figures } = summary;
  await updateConnectorHealth(db, connectorId, {
    lastReconcileAt: now.toISOString(),
    lastReconcile: figures,
  });
  options.log.info({ connectorId, ...figures }, 'reconciled');
  return summary;
}

async function instanceIdOf(db: Db, connectorId: string, externalId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)));
  return row?.id ?? null;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The instance's status and its items' statuses, to tell whether a re-fetch changed anything. */
export async function fingerprint(db: Db, connectorId: string, externalId: string): Promise<string> {
  const [row] = await db
    .select({
      status: processInstances.status,
      items: sql<string>`coalesce((SELECT string_agg(${tasks.externalTaskId} || ':' || ${tasks.status}, ',' ORDER BY ${tasks.externalTaskId}) FROM ${tasks} WHERE ${tasks.instanceId} = ${processInstances.id}), '')`,
    })
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)));
  return row ? `${row.status}|${row.items}` : '';
}
