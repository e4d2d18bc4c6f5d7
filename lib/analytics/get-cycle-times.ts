import { sql } from 'drizzle-orm';
import { type FigureContext, rowsOf, seconds } from './figure-context';
import { insightWhere } from './insight-filters';

export type CycleByProcess = {
  processKey: string;
  processName: string | null;
  finished: number;
  p50: number | null;
  p90: number | null;
};
export type CycleTrendPoint = { bucket: string; finished: number; p50: number | null; p90: number | null };
export type CycleTimes = { byProcess: CycleByProcess[]; trend: CycleTrendPoint[] };

type Raw = { p50: unknown; p90: unknown };

/**
 * Cycle time (start → decision, seconds) of the requests decided in the period: p50/p90 per process, slowest
 * p90 first, and the trend per day or week. Exact percentiles over the rollups' per-day value lists.
 */
export async function getCycleTimes({ db, filters, scope }: FigureContext): Promise<CycleTimes> {
  const where = insightWhere(filters, scope, 'day', 'a');
  const byProcess = rowsOf<Omit<CycleByProcess, 'p50' | 'p90'> & Raw>(
    await db.execute(sql`
      SELECT a.process_key AS "processKey", max(a.process_name) AS "processName", count(v)::int AS finished,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90
      FROM analytics_daily a CROSS JOIN LATERAL unnest(a.cycle_seconds) v
      WHERE ${where}
      GROUP BY a.process_key ORDER BY p90 DESC NULLS LAST, a.process_key LIMIT 50`),
  );
  const unit = filters.granularity === 'week' ? 'week' : 'day';
  const trend = rowsOf<{ bucket: string; finished: number } & Raw>(
    await db.execute(sql`
      SELECT to_char(date_trunc(${unit}, a.day), 'YYYY-MM-DD') AS bucket, count(v)::int AS finished,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90
      FROM analytics_daily a CROSS JOIN LATERAL unnest(a.cycle_seconds) v
      WHERE ${where}
      GROUP BY 1 ORDER BY 1`),
  );
  return {
    byProcess: byProcess.map((r) => ({ ...r, p50: seconds(r.p50), p90: seconds(r.p90) })),
    trend: trend.map((r) => ({ ...r, p50: seconds(r.p50), p90: seconds(r.p90) })),
  };
}
