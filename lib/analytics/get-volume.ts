import { sql } from 'drizzle-orm';
import { type FigureContext, rowsOf } from './figure-context';
import { companyWhere, insightWhere, isCompanyWide } from './insight-filters';
import { mondayOf } from './rollup-sql';

export type VolumePoint = { bucket: string; started: number; finished: number };

/** Requests started and finished per day or week (weeks start on Monday), every bucket of the period listed. */
export async function getVolume({ db, filters, scope }: FigureContext): Promise<VolumePoint[]> {
  const unit = filters.granularity === 'week' ? 'week' : 'day';
  const week = unit === 'week';
  // Company-wide: whole weeks from week rows when the series is weekly; else the department days.
  const data = isCompanyWide(filters, scope)
    ? sql`SELECT ${week ? mondayOf(sql`c.start`) : sql`c.start`} AS bucket, sum(c.started)::int AS started,
        sum(c.finished)::int AS finished
        FROM analytics_company_requests c WHERE ${companyWhere(filters, scope, 'c', !week)} GROUP BY 1`
    : sql`SELECT ${week ? mondayOf(sql`day`) : sql`day`} AS bucket, sum(started)::int AS started,
        sum(finished)::int AS finished
        FROM analytics_daily WHERE ${insightWhere(filters, scope, 'day')} GROUP BY 1`;
  const rows = await db.execute(sql`
    WITH buckets AS (
      SELECT DISTINCT date_trunc(${unit}, d)::date AS bucket
      FROM generate_series(${filters.from}::date, ${filters.to}::date, interval '1 day') d),
    data AS (${data})
    SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, coalesce(d.started, 0) AS started,
      coalesce(d.finished, 0) AS finished
    FROM buckets b LEFT JOIN data d USING (bucket) ORDER BY b.bucket`);
  return rowsOf<VolumePoint>(rows);
}
