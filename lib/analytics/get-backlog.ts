import { sql } from 'drizzle-orm';
import { type FigureContext, rowsOf, seconds } from './figure-context';
import { insightWhere } from './insight-filters';

/** Age buckets of pending tasks, in days: [0,1) [1,3) [3,7) [7,14) [14,∞). */
export const BACKLOG_BUCKETS = ['lt1d', '1to3d', '3to7d', '7to14d', 'gte14d'] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];
export type Backlog = {
  pending: number;
  p50: number | null;
  p90: number | null;
  buckets: { bucket: BacklogBucket; pending: number }[];
};

/** SQL CASE giving a pending task's age bucket (shared with the drill-down). */
export const BACKLOG_BUCKET_SQL = `CASE WHEN now() - received_at < interval '1 day' THEN 'lt1d'
  WHEN now() - received_at < interval '3 days' THEN '1to3d' WHEN now() - received_at < interval '7 days' THEN '3to7d'
  WHEN now() - received_at < interval '14 days' THEN '7to14d' ELSE 'gte14d' END`;

/** How long the approval tasks pending now have waited (seconds): p50/p90 and age buckets. Not period-bound. */
export async function getBacklog({ db, filters, scope }: FigureContext): Promise<Backlog> {
  const where = insightWhere(filters, scope, null);
  const [summary] = rowsOf<{ pending: number; p50: unknown; p90: unknown }>(
    await db.execute(sql`
      SELECT count(*)::int AS pending,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - received_at)) AS p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM now() - received_at)) AS p90
      FROM analytics_task_facts WHERE pending AND ${where}`),
  );
  const counts = rowsOf<{ bucket: BacklogBucket; pending: number }>(
    await db.execute(sql`
      SELECT ${sql.raw(BACKLOG_BUCKET_SQL)} AS bucket, count(*)::int AS pending
      FROM analytics_task_facts WHERE pending AND ${where} GROUP BY 1`),
  );
  return {
    pending: summary?.pending ?? 0,
    p50: seconds(summary?.p50),
    p90: seconds(summary?.p90),
    buckets: BACKLOG_BUCKETS.map((bucket) => ({
      bucket,
      pending: counts.find((c) => c.bucket === bucket)?.pending ?? 0,
    })),
  };
}
