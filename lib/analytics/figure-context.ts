import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { InsightScope } from '@/lib/auth/permissions';
import { type InsightFilters, insightWhere } from './insight-filters';

/** What every figure query receives: the executor, the filled-in filters and the viewer's resolved scope. */
export type FigureContext = { db: DbOrTx; filters: InsightFilters; scope: InsightScope };

/** Rows from `db.execute` as plain objects. */
export function rowsOf<T>(result: unknown): T[] {
  return [...(result as Iterable<T>)];
}

/** A percentile from PostgreSQL (double precision or null) as whole seconds. */
export function seconds(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}

/** Process key → name among the period's rollups (figures from tables that carry no name). */
export async function processNames({
  db,
  filters,
  scope,
}: FigureContext): Promise<Map<string, string | null>> {
  const rows = rowsOf<{ key: string; name: string | null }>(
    await db.execute(sql`
      SELECT process_key AS key, max(process_name) AS name FROM analytics_daily
      WHERE ${insightWhere({ ...filters, process: undefined }, scope, 'day')} GROUP BY process_key`),
  );
  return new Map(rows.map((r) => [r.key, r.name]));
}
