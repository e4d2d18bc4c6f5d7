import { gte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';
import type { HealthStatus } from './get-health';

/**
 * What an anonymous monitor gets from /api/health: only `ok | degraded | down`, from two cheap
 * queries (the database answers; a worker beat recently). No connector ids, no per-connector scan: the
 * details (getHealth) need an admin session or the HEALTH_TOKEN.
 */
export async function getPublicHealth(
  db: Db,
  options: { staleSeconds: number; now?: Date },
): Promise<{ status: HealthStatus }> {
  const now = options.now ?? new Date();
  try {
    const [live] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(workerHeartbeats)
      .where(gte(workerHeartbeats.lastBeatAt, new Date(now.getTime() - options.staleSeconds * 1000)));
    return { status: (live?.n ?? 0) > 0 ? 'ok' : 'degraded' };
  } catch {
    return { status: 'down' };
  }
}
