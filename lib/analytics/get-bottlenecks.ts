import { sql } from 'drizzle-orm';
import { type FigureContext, histPercentiles, processNames, rowsOf, seconds } from './figure-context';
import { companyWhere, insightWhere, isCompanyWide } from './insight-filters';
import { analyticsBucket } from './rollup-sql';

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
 * and per approver, over the tasks answered in the period; longest p90 first (the bottleneck list). Percentiles
 * from log-bucket histograms (docs/insights.md); steps from the company-wide rollups when the viewer sees everything.
 */
export async function getBottlenecks(ctx: FigureContext): Promise<Bottlenecks> {
  const { db, filters, scope } = ctx;
  const where = insightWhere(filters, scope, 'day', 's');
  const stepHistogram = isCompanyWide(filters, scope)
    ? sql`SELECT c.process_key, c.step, c.bucket, c.n, c.lo, c.hi
        FROM analytics_company_waits c WHERE ${companyWhere(filters, scope, 'c', false)}`
    : sql`SELECT s.process_key, s.step, ${analyticsBucket(sql`v`)} AS bucket, 1 AS n, v AS lo, v AS hi
        FROM analytics_step_daily s CROSS JOIN LATERAL unnest(s.wait_seconds) v WHERE ${where}`;
  const steps = rowsOf<{ process_key: string; step: string; finished: number } & Raw>(
    await db.execute(sql`
      SELECT * FROM (${histPercentiles(stepHistogram, ['process_key', 'step'])}) p
      ORDER BY p90 DESC NULLS LAST, process_key, step LIMIT 20`),
  );
  // Per approver there is no company-wide rollup (an approver's own days are their histogram's rows).
  const approverHistogram = sql`
    SELECT s.approver_user_id, ${analyticsBucket(sql`v`)} AS bucket, 1 AS n, v AS lo, v AS hi
    FROM analytics_step_daily s CROSS JOIN LATERAL unnest(s.wait_seconds) v WHERE ${where}`;
  const approvers = rowsOf<Omit<ApproverWait, 'p50' | 'p90'> & Raw>(
    await db.execute(sql`
      SELECT w.approver_user_id AS "approverId", u.name AS "approverName", w.finished, w.p50, w.p90
      FROM (
        SELECT * FROM (${histPercentiles(approverHistogram, ['approver_user_id'])}) p
        ORDER BY p90 DESC NULLS LAST LIMIT 20) w
      LEFT JOIN users u ON u.id = w.approver_user_id
      ORDER BY w.p90 DESC NULLS LAST, u.name`),
  );
  const names = await processNames(ctx);
  return {
    steps: steps.map((r) => ({
      processKey: r.process_key,
      processName: names.get(r.process_key) ?? null,
      step: r.step,
      finished: r.finished,
      p50: seconds(r.p50),
      p90: seconds(r.p90),
    })),
    approvers: approvers.map((r) => ({ ...r, p50: seconds(r.p50), p90: seconds(r.p90) })),
  };
}
