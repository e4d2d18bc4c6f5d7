import type { HealthStatus } from '@/lib/operations/get-health';

/** The raw facts a connector's health status is judged from (see getConnectorFigures). */
export type ConnectorFigures = {
  enabled: boolean;
  /** A DingTalk connector in Stream mode: its connection state matters. */
  usesStream: boolean;
  streamState: 'connecting' | 'connected' | 'disconnected' | null;
  /** When the stream state last changed (ISO), if known. */
  streamChangedAt: string | null;
  /** Events received but not yet processed (received / processing / failed-and-retrying). */
  backlog: number;
  oldestBacklogAt: Date | null;
  /** Events whose processing failed for good (dead letters). */
  dead: number;
  lagP95Ms: number | null;
  apiCalls: number;
  apiQuota: number | null;
  /** Errors of the last reconciliation run. */
  reconcileErrors: number;
  /** Share (0–1) of what the last reconciliation looked at that it had to repair; null before a first run. */
  driftRate: number | null;
  /** The drift rate above which the connector is `degraded` (RECONCILE_DRIFT_DEGRADED_PERCENT / 100). */
  driftDegradedRate: number;
};

/** Why a connector is not ok; the page translates these. */
export type HealthReason =
  | 'stream_down'
  | 'stream_not_connected'
  | 'backlog_stuck'
  | 'backlog_slow'
  | 'dead_letters'
  | 'lag_high'
  | 'quota_exhausted'
  | 'quota_near'
  | 'reconcile_errors'
  | 'drift_high';

/** Thresholds of the status rules; each with its reason. */
export const HEALTH_THRESHOLDS = {
  // A Stream reconnect normally takes seconds; five minutes without a connection means events are not arriving.
  streamDownAfterMs: 5 * 60_000,
  // The pipeline processes an event in about a second; an event waiting 2 minutes means the worker lags…
  backlogSlowMs: 2 * 60_000,
  // …and one waiting 15 minutes (longer than a reconcile cycle) means nothing is being processed.
  backlogStuckMs: 15 * 60_000,
  // The product goal is p95 < 1 s; 30 s is far enough from it to be worth a look, not noise.
  lagHighMs: 30_000,
  // Warn while a tenth of the month's calls is left, so an admin can raise the quota or trim process codes.
  quotaNearRatio: 0.9,
} as const;

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

/** The worse of two statuses. */
export function worstStatus(a: HealthStatus, b: HealthStatus): HealthStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * ok / degraded / down for one connector. `down`: events cannot be received or processed (Stream gone for
 * minutes, a backlog older than a reconcile cycle, the API quota spent). `degraded`: it works, but something
 * needs an admin (dead letters, slow processing, lag, quota nearly spent, reconcile errors, a drift rate above the
 * threshold). Disabled
 * connectors are `disabled` and do not count towards the overall status.
 */
export function connectorStatus(
  f: ConnectorFigures,
  now: Date,
): { status: HealthStatus | 'disabled'; reasons: HealthReason[] } {
  if (!f.enabled) return { status: 'disabled', reasons: [] };
  const down: HealthReason[] = [];
  const degraded: HealthReason[] = [];
  if (f.usesStream && f.streamState !== 'connected') {
    const since = f.streamChangedAt ? Date.parse(f.streamChangedAt) : Number.NaN;
    const isLong = Number.isNaN(since) || now.getTime() - since >= HEALTH_THRESHOLDS.streamDownAfterMs;
    if (isLong) down.push('stream_down');
    else degraded.push('stream_not_connected');
  }
  if (f.oldestBacklogAt) {
    const waited = now.getTime() - f.oldestBacklogAt.getTime();
    if (waited >= HEALTH_THRESHOLDS.backlogStuckMs) down.push('backlog_stuck');
    else if (waited >= HEALTH_THRESHOLDS.backlogSlowMs) degraded.push('backlog_slow');
  }
  if (f.apiQuota) {
    if (f.apiCalls >= f.apiQuota) down.push('quota_exhausted');
    else if (f.apiCalls >= f.apiQuota * HEALTH_THRESHOLDS.quotaNearRatio) degraded.push('quota_near');
  }
  if (f.dead > 0) degraded.push('dead_letters');
  if (f.lagP95Ms !== null && f.lagP95Ms >= HEALTH_THRESHOLDS.lagHighMs) degraded.push('lag_high');
  if (f.reconcileErrors > 0) degraded.push('reconcile_errors');
  // Events are being lost or reordered beyond what reconciliation should only occasionally mop up.
  if (f.driftRate !== null && f.driftRate > f.driftDegradedRate) degraded.push('drift_high');
  const status: HealthStatus = down.length ? 'down' : degraded.length ? 'degraded' : 'ok';
  return { status, reasons: [...down, ...degraded] };
}
