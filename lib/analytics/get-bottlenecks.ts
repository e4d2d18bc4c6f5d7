import { sql } from 'drizzle-orm';
import { type FigureContext, processNames, rowsOf, seconds } from './figure-context';
import { insightWhere } from './insight-filters';

export type StepWait = {
  processKey: string;
  processName: string | null;
  step: string;
  finished: number;
  p50: number | null;
  p90: number | null;
};
export type ApproverWait = {
  approverId: string | null;
  approverName: string | null;
  finished: number;
  p50: number | null;
  p90: number | null;
};
export type Bottlenecks = { steps: StepWait[]; approvers: ApproverWait[] };

type Raw = { p50: unknown; p90: unknown };

/**
 * Where requests wait: time from a task's arrival to its answer (seconds), p50/p90 per step (process + node)
 * and per approver, over the tasks answered in the period; longest p90 first (the bottleneck list).
 */
export async function getBottlenecks(ctx: FigureContext): Promise<Bottlenecks> {
  const { db, filters, scope } = ctx;
  const where = insightWhere(filters, scope, 'day', 's');
  const steps = rowsOf<Omit<StepWait, 'p50' | 'p90' | 'processName'> & Raw>(
    await db.execute(sql`
      SELECT s.process_key AS "processKey", s.step, count(v)::int AS finished,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90
      FROM analytics_step_daily s CROSS JOIN LATERAL unnest(s.wait_seconds) v
      WHERE ${where}
      GROUP BY s.process_key, s.step ORDER BY p90 DESC NULLS LAST, s.process_key, s.step LIMIT 20`),
  );
  const approvers = rowsOf<Omit<ApproverWait, 'p50' | 'p90'> & Raw>(
    await db.execute(sql`
      SELECT w.approver_id AS "approverId", u.name AS "approverName", w.finished, w.p50, w.p90
      FROM (
        SELECT s.approver_user_id AS approver_id, count(v)::int AS finished,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90
        FROM analytics_step_daily s CROSS JOIN LATERAL unnest(s.wait_seconds) v
        WHERE ${where}
        GROUP BY s.approver_user_id ORDER BY p90 DESC NULLS LAST LIMIT 20) w
      LEFT JOIN users u ON u.id = w.approver_id
      ORDER BY w.p90 DESC NULLS LAST, u.name`),
  );
  const names = await processNames(ctx);
  return {
    steps: steps.map((r) => ({
      ...r,
      processName: names.get(r.processKey) ?? null,
      p50: seconds(r.p50),
      p90: seconds(r.p90),
    })),
    approvers: approvers.map((r) => ({ ...r, p50: seconds(r.p50), p90: seconds(r.p90) })),
  };
}
