import { type SQL, sql } from 'drizzle-orm';
import { type FigureContext, histPercentiles, processNames, rowsOf, seconds } from './figure-context';
import { companyWhere, insightWhere, isCompanyWide } from './insight-filters';
import { analyticsBucket, mondayOf } from './rollup-sql';

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
 * p90 first, and the trend per day or week. Percentiles from log-bucket histograms (docs/insights.md): the
 * company-wide week and day histograms when the viewer sees everything, else the department days' values.
 */
export async function getCycleTimes(ctx: FigureContext): Promise<CycleTimes> {
  const { db, filters, scope } = ctx;
  const week = filters.granularity === 'week';
  // Histogram rows with the process and the trend's period (day, or its week's Monday) as group columns.
  const histogram = (byDay: boolean): SQL => {
    if (isCompanyWide(filters, scope)) {
      const period = week ? mondayOf(sql`c.start`) : sql`c.start`;
      return sql`SELECT c.process_key, ${period} AS period, c.bucket, c.n, c.lo, c.hi
        FROM analytics_company_cycle c WHERE ${companyWhere(filters, scope, 'c', byDay)}`;
    }
    const period = week ? mondayOf(sql`a.day`) : sql`a.day`;
    return sql`SELECT a.process_key, ${period} AS period, ${analyticsBucket(sql`v`)} AS bucket, 1 AS n, v AS lo, v AS hi
      FROM analytics_daily a CROSS JOIN LATERAL unnest(a.cycle_seconds) v
      WHERE ${insightWhere(filters, scope, 'day', 'a')}`;
  };
  const byProcess = rowsOf<{ process_key: string; finished: number } & Raw>(
    await db.execute(sql`
      SELECT * FROM (${histPercentiles(histogram(false), ['process_key'])}) p
      ORDER BY p90 DESC NULLS LAST, process_key LIMIT 50`),
  );
  // A per-day series needs day rows; a weekly one reads whole weeks where it can.
  const trend = rowsOf<{ bucket: string; finished: number } & Raw>(
    await db.execute(sql`
      SELECT to_char(period, 'YYYY-MM-DD') AS bucket, finished, p50, p90
      FROM (${histPercentiles(histogram(!week), ['period'])}) p ORDER BY period`),
  );
  const names = await processNames(ctx);
  return {
    byProcess: byProcess.map((r) => ({
      processKey: r.process_key,
      processName: names.get(r.process_key) ?? null,
      finished: r.finished,
      p50: seconds(r.p50),
      p90: seconds(r.p90),
    })),
    trend: trend.map((r) => ({ ...r, p50: seconds(r.p50), p90: seconds(r.p90) })),
  };
}
