import { desc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';
import type { HealthReason } from '@/lib/operations/connector-status';
import { worstStatus } from '@/lib/operations/connector-status';
import { getConnectorSyncHealth } from '@/lib/operations/get-sync-health';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export type Health = {
  status: HealthStatus;
  database: { ok: boolean; latencyMs?: number };
  worker: { ok: boolean; lastBeatAt: string | null; workers: number };
  /** Each enabled connector's sync status (ids and reason codes only: no names, settings or errors). */
  connectors: { id: string; kind: string; status: HealthStatus; reasons: HealthReason[] }[];
  checkedAt: string;
};

/**
 * What /api/health reports: `down` when the database does not answer, `degraded` when no worker has beaten
 * within `staleSeconds`, else the worst status of the enabled connectors (lib/operations/connector-status.ts).
 * Never includes hostnames, errors, names or configuration.
 */
export async function getHealth(db: Db, options: { staleSeconds: number; now?: Date }): Promise<Health> {
  const now = options.now ?? new Date();
  const started = performance.now();
  try {
    await db.execute(sql`SELECT 1`);
  } catch {
    return {
      status: 'down',
      database: { ok: false },
      worker: { ok: false, lastBeatAt: null, workers: 0 },
      connectors: [],
      checkedAt: now.toISOString(),
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const beats = await db
    .select({ lastBeatAt: workerHeartbeats.lastBeatAt })
    .from(workerHeartbeats)
    .orderBy(desc(workerHeartbeats.lastBeatAt))
    .limit(50);
  const cutoff = now.getTime() - options.staleSeconds * 1000;
  const live = beats.filter((b) => b.lastBeatAt.getTime() >= cutoff);
  const lastBeatAt = beats[0]?.lastBeatAt.toISOString() ?? null;
  const connectors = (await getConnectorSyncHealth(db, { now }))
    .filter((c) => c.status !== 'disabled')
    .map((c) => ({ id: c.id, kind: c.kind, status: c.status as HealthStatus, reasons: c.reasons }));
  const status = connectors.reduce<HealthStatus>(
    (worst, c) => worstStatus(worst, c.status),
    live.length > 0 ? 'ok' : 'degraded',
  );
  return {
    status,
    database: { ok: true, latencyMs },
    worker: { ok: live.length > 0, lastBeatAt, workers: live.length },
    connectors,
    checkedAt: now.toISOString(),
  };
}
