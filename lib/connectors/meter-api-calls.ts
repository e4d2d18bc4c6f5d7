import { sql } from 'drizzle-orm';
import { type Db, getDb } from '@/db/client';
import { connectorApiUsage } from '@/db/schema';
import { rawEnv } from '@/lib/env';
import { log } from '@/lib/log';

/** Calls not yet written, by connector id and month. */
const pending = new Map<string, number>();
let sink: Db | undefined;
let timer: NodeJS.Timeout | undefined;
/** Batching window: one upsert per connector per few seconds, not one per call (calls come in bursts). */
const FLUSH_AFTER_MS = 3_000;

/** The calendar month (UTC) a call counts against, `YYYY-MM`. */
export function usageMonth(at: Date = new Date()): string {
  return at.toISOString().slice(0, 7);
}

/** The database the batched counts go to (the worker registers its own pool; the web uses the default). */
export function setApiUsageSink(db: Db | undefined): void {
  sink = db;
}

/**
 * Counts one call to a source API for the connector's monthly quota figure. Counted in memory and written in
 * batches (flushApiUsage), so the HTTP client never waits on the database.
 */
export function meterApiCall(connectorId: string | undefined, at: Date = new Date()): void {
  if (!connectorId) return;
  const key = `${connectorId}|${usageMonth(at)}`;
  pending.set(key, (pending.get(key) ?? 0) + 1);
  if (!timer) {
    timer = setTimeout(() => {
      timer = undefined;
      const db = sink ?? (rawEnv().DATABASE_URL ? getDb() : undefined);
      if (db) flushApiUsage(db).catch((err: unknown) => log.warn({ err }, 'api usage flush failed'));
    }, FLUSH_AFTER_MS);
    timer.unref();
  }
}

/** Writes the counted calls (one upsert per connector and month); counts are kept for a retry on failure. */
export async function flushApiUsage(db: Db): Promise<void> {
  const batch = [...pending.entries()];
  pending.clear();
  for (const [key, calls] of batch) {
    const [connectorId = '', month = ''] = key.split('|');
    try {
      await db
        .insert(connectorApiUsage)
        .values({ connectorId, month, calls })
        .onConflictDoUpdate({
          target: [connectorApiUsage.connectorId, connectorApiUsage.month],
          set: { calls: sql`${connectorApiUsage.calls} + ${calls}`, updatedAt: new Date() },
        });
    } catch (error) {
      // A deleted connector (FK) loses its count; anything else is kept for the next flush.
      if ((error as { code?: string }).code !== '23503') pending.set(key, (pending.get(key) ?? 0) + calls);
      throw error;
    }
  }
}
