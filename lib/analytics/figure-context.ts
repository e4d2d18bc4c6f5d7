import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { InsightScope } from '@/lib/auth/permissions';
import { companyWhere, type InsightFilters, insightWhere, isCompanyWide } from './insight-filters';

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
  const all = { ...filters, process: undefined };
  const rows = rowsOf<{ key: string; name: string | null }>(
    await db.execute(
      isCompanyWide(filters, scope)
        ? sql`SELECT c.process_key AS key, max(c.process_name) AS name FROM analytics_company_requests c
            WHERE ${companyWhere(all, scope, 'c', false)} GROUP BY c.process_key`
        : sql`SELECT process_key AS key, max(process_name) AS name FROM analytics_daily
            WHERE ${insightWhere(all, scope, 'day')} GROUP BY process_key`,
    ),
  );
  return new Map(rows.map((r) => [r.key, r.name]));
}

/**
 * p50 and p90 per group from log-bucket histograms (docs/insights.md, "Percentiles"). `rows` yields the group
 * columns `groups` and bucket, n, lo, hi (one value as (bucket, 1, v, v) is a histogram too); rows of one bucket
 * are merged. The value at a rank is interpolated between the bucket's smallest and largest value by its place
 * in the bucket (exact at either end), then p = percentile_cont's interpolation between the two ranks around
 * p·(n − 1). Answers `groups…, finished (count), p50, p90`.
 */
export function histPercentiles(rows: SQL, groups: string[]): SQL {
  const g = sql.raw(groups.join(', '));
  const at = (rank: string) => {
    const i = sql.raw(rank);
    return sql`max(CASE WHEN n = 1 THEN lo ELSE lo + (hi - lo)::float8 * (${i} - before) / (n - 1) END)
      FILTER (WHERE ${i} >= before AND ${i} < before + n)`;
  };
  return sql`
    SELECT ${g}, finished, a50 + (r50 - floor(r50)) * (b50 - a50) AS p50, a90 + (r90 - floor(r90)) * (b90 - a90) AS p90
    FROM (
      SELECT ${g}, max(total)::int AS finished, max(r50) AS r50, max(r90) AS r90,
        ${at('floor(r50)')} AS a50, ${at('ceil(r50)')} AS b50, ${at('floor(r90)')} AS a90, ${at('ceil(r90)')} AS b90
      FROM (
        SELECT c.*, (total - 1) * 0.5 AS r50, (total - 1) * 0.9 AS r90
        FROM (
          SELECT h.*, sum(n) OVER (PARTITION BY ${g} ORDER BY bucket) - n AS before,
            sum(n) OVER (PARTITION BY ${g}) AS total
          FROM (
            SELECT ${g}, bucket, sum(n) AS n, min(lo) AS lo, max(hi) AS hi FROM (${rows}) r GROUP BY ${g}, bucket
          ) h
        ) c
      ) q
      GROUP BY ${g}
    ) p`;
}
