import { desc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export type Health = {
  status: HealthStatus;
  database: { ok: boolean; latencyMs?: number };
  worker: { ok: boolean; lastBeatAt: string | null; workers: number };
  checkedAt: string;
};

/**
 * What /api/health reports: `down` when the database does not answer, `degraded` when no worker has beaten
 * within `staleSeconds`, else `ok`. Never includes hostnames, errors or configuration.
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
  return {
    status: live.length > 0 ? 'ok' : 'degraded',
    database: { ok: true, latencyMs },
    worker: { ok: live.length > 0, lastBeatAt, workers: live.length },
    checkedAt: now.toISOString(),
  };
}
