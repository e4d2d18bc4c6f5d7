import { and, gt, inArray, max } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { urges } from '@/db/schema';

/** At most one 催办 per request within this time (the issue: once per hour; docs/reminders.md). */
export const URGE_INTERVAL_MS = 60 * 60_000;

/**
 * When each given request may be urged again, for those urged less than URGE_INTERVAL_MS before `now`: one
 * grouped query for a page of 我发起的 (urges_instance_time_idx), so the list shows the wait without a click.
 * Unscoped: callers pass instances the viewer may already see. The urge itself re-checks under the row lock.
 */
export async function listUrgeNextAllowed(
  db: DbOrTx,
  instanceIds: readonly string[],
  now: Date,
): Promise<Map<string, string>> {
  const ids = [...new Set(instanceIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ instanceId: urges.instanceId, lastAt: max(urges.createdAt) })
    .from(urges)
    .where(
      and(inArray(urges.instanceId, ids), gt(urges.createdAt, new Date(now.getTime() - URGE_INTERVAL_MS))),
    )
    .groupBy(urges.instanceId);
  const next = new Map<string, string>();
  for (const r of rows)
    if (r.lastAt) next.set(r.instanceId, new Date(r.lastAt.getTime() + URGE_INTERVAL_MS).toISOString());
  return next;
}
