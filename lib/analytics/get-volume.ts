import { sql } from 'drizzle-orm';
import { type FigureContext, rowsOf } from './figure-context';
import { insightWhere } from './insight-filters';

export type VolumePoint = { bucket: string; started: number; finished: number };

/** Requests started and finished per day or week (weeks start on Monday), every bucket of the period listed. */
export async function getVolume({ db, filters, scope }: FigureContext): Promise<VolumePoint[]> {
  const unit = filters.granularity === 'week' ? 'week' : 'day';
  const rows = await db.execute(sql`
    WITH buckets AS (
      SELECT DISTINCT date_trunc(${unit}, d)::date AS bucket
      FROM generate_series(${filters.from}::date, ${filters.to}::date, interval '1 day') d),
    data AS (
      SELECT date_trunc(${unit}, day)::date AS bucket, sum(started)::int AS started, sum(finished)::int AS finished
      FROM analytics_daily WHERE ${insightWhere(filters, scope, 'day')} GROUP BY 1)
    SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, coalesce(d.started, 0) AS started,
      coalesce(d.finished, 0) AS finished
    FROM buckets b LEFT JOIN data d USING (bucket) ORDER BY b.bucket`);
  return rowsOf<VolumePoint>(rows);
}
