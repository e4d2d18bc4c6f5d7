import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { ConnectorHealth } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { usageMonth } from '@/lib/connectors/meter-api-calls';
import { getDescriptor } from '@/lib/connectors/registry/registry';
import { reconcileDriftDegradedPercent } from '@/lib/env';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import type { HealthStatus } from '@/lib/operations/get-health';
import { type ConnectorFigures, connectorStatus, type HealthReason } from './connector-status';

/** The standard edition's monthly API-call quota (dingtalk-api.md §12), when a connector sets none. */
export const DEFAULT_MONTHLY_API_QUOTA = 5000;

/** One connector's sync health, as the admin page and (reduced) /api/health show it. */
export type ConnectorSyncHealth = {
  id: string;
  name: string;
  kind: ConnectorKind;
  enabled: boolean;
  /** The source can list instance ids over a window, so an admin can re-sync it. */
  canResync: boolean;
  /**
   * False for a connector of a reconciling kind that has no source API to re-read (a push-only Yida connector):
   * drift is never repaired, and the health page says what to configure.
   */
  canReconcile: boolean;
  /** The last reconciliation run's drift: repaired (missed + stale + orphaned) of looked at (checked + missed). */
  drift: { at: string; looked: number; repaired: number; rate: number } | null;
  status: HealthStatus | 'disabled';
  reasons: HealthReason[];
  streamState: 'connecting' | 'connected' | 'disconnected' | null;
  usesStream: boolean;
  stream: { reconnectAttempts: number; connectedSince: string | null; nextRetryAt: string | null } | null;
  lastEventAt: string | null;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  /** Events processed in the last hour (the sample of the lag figures). */
  processedLastHour: number;
  backlog: number;
  oldestBacklogAt: string | null;
  failed: number;
  dead: number;
  /** Jobs about this connector in pg-boss's dead-letter queue (out of retries). */
  deadLetterJobs: number;
  lastReconcileAt: string | null;
  lastReconcile: Record<string, number> | null;
  apiCalls: number;
  /** null for connectors whose source has no metered API (local, open API). */
  apiQuota: number | null;
};

type Row = {
  id: string;
  name: string;
  kind: ConnectorSyncHealth['kind'];
  enabled: boolean;
  config: Record<string, unknown>;
  health: ConnectorHealth;
  backlog: number;
  oldest_backlog_at: Date | string | null;
  failed: number;
  dead: number;
  last_event_at: Date | string | null;
  lag_p50: number | null;
  lag_p95: number | null;
  processed_last_hour: number;
  api_calls: number;
  dead_letter_jobs: number;
  drift_at: Date | string | null;
  drift_looked: number | null;
  drift_repaired: number | null;
};

const toIso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * The sync-health figures of every connector (or one), computed from inbound_events, the metered API calls,
 * pg-boss's dead-letter queue and the health facts the worker writes. Lag = processed_at − received_at of
 * the events processed in the last hour. One statement; every sub-query is served by an index on
 * (connector_id, …).
 */
export async function getConnectorSyncHealth(
  db: Db,
  options: { now?: Date; connectorId?: string } = {},
): Promise<ConnectorSyncHealth[]> {
  const now = options.now ?? new Date();
  const hourAgo = new Date(now.getTime() - 3600_000);
  const month = usageMonth(now);
  const rows = (await db.execute(sql`
    SELECT c.id, c.name, c.kind, c.enabled, c.config, c.health,
      (SELECT count(*)::int FROM inbound_events e
         WHERE e.connector_id = c.id AND e.status IN ('received', 'processing', 'failed')) AS backlog,
      (SELECT min(e.received_at) FROM inbound_events e
         WHERE e.connector_id = c.id AND e.status IN ('received', 'processing', 'failed')) AS oldest_backlog_at,
      (SELECT count(*)::int FROM inbound_events e WHERE e.connector_id = c.id AND e.status = 'failed') AS failed,
      (SELECT count(*)::int FROM inbound_events e WHERE e.connector_id = c.id AND e.status = 'dead') AS dead,
      (SELECT max(e.received_at) FROM inbound_events e WHERE e.connector_id = c.id) AS last_event_at,
      l.p50 AS lag_p50, l.p95 AS lag_p95, l.n AS processed_last_hour,
      coalesce((SELECT u.calls FROM connector_api_usage u WHERE u.connector_id = c.id AND u.month = ${month}), 0)::int AS api_calls,
      (SELECT count(*)::int FROM ${sql.raw(BOSS_SCHEMA)}.job j
         WHERE j.name = 'dead-letter' AND j.data->>'connectorId' = c.id::text) AS dead_letter_jobs,
      d.started_at AS drift_at, d.looked AS drift_looked, d.repaired AS drift_repaired
    FROM connectors c
    LEFT JOIN LATERAL (
      SELECT r.started_at, (r.checked + r.missed_created)::int AS looked,
        (r.missed_created + r.stale_repaired + r.orphaned_closed)::int AS repaired
      FROM reconciliation_run_connectors r
      WHERE r.connector_id = c.id AND r.skipped IS NULL
      ORDER BY r.started_at DESC LIMIT 1
    ) d ON true
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.processed_at - e.received_at) * 1000) AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM e.processed_at - e.received_at) * 1000) AS p95
      FROM inbound_events e
      WHERE e.connector_id = c.id AND e.received_at >= ${hourAgo.toISOString()}::timestamptz AND e.received_at <= ${now.toISOString()}::timestamptz
        AND e.processed_at IS NOT NULL
    ) l
    WHERE ${options.connectorId ? sql`c.id = ${options.connectorId}` : sql`true`}
    ORDER BY c.created_at
  `)) as unknown as Row[];

  return rows.map((r) => {
    const descriptor = getDescriptor(r.kind);
    const usesStream = descriptor.usesStream?.(r.config) ?? false;
    const apiQuota = descriptor.meteredApi
      ? Number(r.config.monthlyApiQuota) || DEFAULT_MONTHLY_API_QUOTA
      : null;
    const drift =
      r.drift_at === null
        ? null
        : {
            at: new Date(r.drift_at).toISOString(),
            looked: Number(r.drift_looked ?? 0),
            repaired: Number(r.drift_repaired ?? 0),
            rate: Number(r.drift_repaired ?? 0) / Math.max(1, Number(r.drift_looked ?? 0)),
          };
    const figures: ConnectorFigures = {
      enabled: r.enabled,
      usesStream,
      streamState: usesStream ? (r.health.streamState ?? null) : null,
      streamChangedAt: r.health.stream?.changedAt ?? null,
      backlog: r.backlog,
      oldestBacklogAt: r.oldest_backlog_at === null ? null : new Date(r.oldest_backlog_at),
      dead: r.dead,
      lagP95Ms: r.lag_p95 === null ? null : Number(r.lag_p95),
      apiCalls: r.api_calls,
      apiQuota,
      reconcileErrors: Number(r.health.lastReconcile?.errors ?? 0),
      driftRate: drift ? drift.rate : null,
      driftDegradedRate: reconcileDriftDegradedPercent() / 100,
    };
    const { status, reasons } = connectorStatus(figures, now);
    const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      enabled: r.enabled,
      canResync: descriptor.adapter.listInstanceIds !== undefined,
      canReconcile: canReconcile(descriptor, r),
      drift,
      status,
      reasons,
      usesStream,
      streamState: figures.streamState,
      stream: r.health.stream
        ? {
            reconnectAttempts: r.health.stream.reconnectAttempts,
            connectedSince: r.health.stream.connectedSince,
            nextRetryAt: r.health.stream.nextRetryAt,
          }
        : null,
      lastEventAt: toIso(r.last_event_at),
      lagP50Ms: round(r.lag_p50),
      lagP95Ms: round(r.lag_p95),
      processedLastHour: r.processed_last_hour,
      backlog: r.backlog,
      oldestBacklogAt: toIso(r.oldest_backlog_at),
      failed: r.failed,
      dead: r.dead,
      deadLetterJobs: r.dead_letter_jobs,
      lastReconcileAt: r.health.lastReconcileAt ?? null,
      lastReconcile: r.health.lastReconcile ?? null,
      apiCalls: r.api_calls,
      apiQuota,
    };
  });
}

/** Whether reconciliation can re-read this connector's source (its config decides, e.g. Yida's snapshotSource). */
function canReconcile(descriptor: ReturnType<typeof getDescriptor>, r: Row): boolean {
  const adapter = descriptor.adapter;
  // Kinds that never reconcile (the local engine is its own source; the open API pushes) have nothing missing.
  if (!adapter.listInstanceIds || !adapter.canReconcile) return true;
  const connector = {
    id: r.id,
    kind: r.kind,
    name: r.name,
    corpId: null,
    config: r.config,
    secrets: {},
    enabled: r.enabled,
  };
  try {
    // The adapter decides from the config alone; the database and logger are not used for this question.
    return adapter.canReconcile({ connector, db: undefined as never, log: undefined as never });
  } catch {
    return false;
  }
}

/** One bucket of the lag / volume charts. */
export type SeriesBucket = {
  at: string;
  received: number;
  processed: number;
  dead: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
};

/**
 * Events per 5-minute bucket over the last hour or day, with the lag percentiles of each bucket. Empty
 * buckets are included (zero), so a chart's x-axis is continuous.
 */
export async function getEventSeriesAsAdmin(
  db: Db,
  viewer: Viewer,
  params: { connectorId: string; range: '1h' | '24h'; now?: Date },
): Promise<SeriesBucket[]> {
  assertAdmin(viewer);
  const now = params.now ?? new Date();
  const bucketMs = 5 * 60_000;
  const count = params.range === '1h' ? 12 : 288;
  // Buckets end at the next 5-minute boundary after now.
  const end = Math.ceil(now.getTime() / bucketMs) * bucketMs;
  const start = new Date(end - count * bucketMs);
  const rows = (await db.execute(sql`
    SELECT date_bin('5 minutes', e.received_at, ${start.toISOString()}::timestamptz) AS bucket,
      count(*)::int AS received,
      count(*) FILTER (WHERE e.status = 'processed')::int AS processed,
      count(*) FILTER (WHERE e.status = 'dead')::int AS dead,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.processed_at - e.received_at) * 1000)
        FILTER (WHERE e.processed_at IS NOT NULL) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM e.processed_at - e.received_at) * 1000)
        FILTER (WHERE e.processed_at IS NOT NULL) AS p95
    FROM inbound_events e
    WHERE e.connector_id = ${params.connectorId} AND e.received_at >= ${start.toISOString()}::timestamptz
      AND e.received_at < ${new Date(end).toISOString()}::timestamptz
    GROUP BY 1
  `)) as unknown as {
    bucket: Date | string;
    received: number;
    processed: number;
    dead: number;
    p50: number | null;
    p95: number | null;
  }[];
  const byBucket = new Map(rows.map((r) => [new Date(r.bucket).getTime(), r]));
  const out: SeriesBucket[] = [];
  for (let i = 0; i < count; i++) {
    const at = start.getTime() + i * bucketMs;
    const r = byBucket.get(at);
    out.push({
      at: new Date(at).toISOString(),
      received: r?.received ?? 0,
      processed: r?.processed ?? 0,
      dead: r?.dead ?? 0,
      lagP50Ms: r?.p50 == null ? null : Math.round(Number(r.p50)),
      lagP95Ms: r?.p95 == null ? null : Math.round(Number(r.p95)),
    });
  }
  return out;
}
