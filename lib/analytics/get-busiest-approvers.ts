import { sql } from 'drizzle-orm';
import { type FigureContext, histPercentiles, rowsOf, seconds } from './figure-context';
import { insightWhere } from './insight-filters';
import { analyticsBucket } from './rollup-sql';

export type BusyApprover = {
  approverId: string;
  approverName: string | null;
  /** Approval tasks answered in the period. */
  finished: number;
  /** Approval tasks waiting on them now. */
  pending: number;
  p50: number | null;
};

/** The people most requests pass through: answered in the period plus pending now, busiest first (top 20). */
export async function getBusiestApprovers({ db, filters, scope }: FigureContext): Promise<BusyApprover[]> {
  const rows = rowsOf<Omit<BusyApprover, 'p50'> & { p50: unknown }>(
    await db.execute(sql`
      WITH d AS (
        SELECT s.approver_user_id AS id, sum(s.finished)::int AS finished
        FROM analytics_step_daily s WHERE s.approver_user_id IS NOT NULL AND ${insightWhere(filters, scope, 'day', 's')}
        GROUP BY 1),
      p AS (
        SELECT approver_user_id AS id, count(*)::int AS pending
        FROM analytics_task_facts WHERE pending AND approver_user_id IS NOT NULL AND ${insightWhere(filters, scope, null)}
        GROUP BY 1),
      top AS (
        SELECT coalesce(d.id, p.id) AS id, coalesce(d.finished, 0) AS finished, coalesce(p.pending, 0) AS pending
        FROM d FULL JOIN p ON p.id = d.id
        ORDER BY coalesce(d.finished, 0) + coalesce(p.pending, 0) DESC, 1 LIMIT 20)
      SELECT top.id AS "approverId", u.name AS "approverName", top.finished, top.pending, w.p50
      FROM top LEFT JOIN users u ON u.id = top.id
      LEFT JOIN (${histPercentiles(
        sql`SELECT s.approver_user_id, ${analyticsBucket(sql`v`)} AS bucket, 1 AS n, v AS lo, v AS hi
          FROM analytics_step_daily s CROSS JOIN LATERAL unnest(s.wait_seconds) v
          WHERE s.approver_user_id IN (SELECT id FROM top) AND ${insightWhere(filters, scope, 'day', 's')}`,
        ['approver_user_id'],
      )}) w ON w.approver_user_id = top.id
      ORDER BY top.finished + top.pending DESC, u.name`),
  );
  return rows.map((r) => ({ ...r, p50: seconds(r.p50) }));
}
