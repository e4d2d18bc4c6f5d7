import { sql } from 'drizzle-orm';
import { type FigureContext, processNames, rowsOf } from './figure-context';
import { companyWhere, insightWhere, isCompanyWide } from './insight-filters';

export type SlaRow = {
  key: string;
  name: string | null;
  /** Approval tasks answered in the period that had a due time. */
  withDue: number;
  /** … answered by it. */
  onTime: number;
  /** Pending approval tasks past their due time now (not limited to the period). */
  overdue: number;
};
export type SlaCompliance = { byProcess: SlaRow[]; byDepartment: SlaRow[] };

/**
 * SLA compliance (docs/sla.md gives tasks their due times on the business calendar): per process and per
 * department, the tasks answered in the period within their due time, and the pending tasks overdue now.
 */
export async function getSlaCompliance(ctx: FigureContext): Promise<SlaCompliance> {
  const { db, filters, scope } = ctx;
  // Answered tasks: company-wide day and week rows (no approver) when the viewer sees everything.
  const done = isCompanyWide(filters, scope)
    ? sql`analytics_company_sla c WHERE ${companyWhere(filters, scope, 'c', false)}`
    : sql`analytics_step_daily WHERE ${insightWhere(filters, scope, 'day')}`;
  const open = insightWhere(filters, scope, null);
  const query = (key: 'process_key' | 'department') =>
    db.execute(sql`
      WITH d AS (
        SELECT ${sql.raw(key)} AS key, sum(with_due)::int AS with_due, sum(on_time)::int AS on_time
        FROM ${done} GROUP BY 1),
      o AS (
        SELECT ${sql.raw(key)} AS key, count(*)::int AS overdue
        FROM analytics_task_facts WHERE pending AND due_at < now() AND ${open} GROUP BY 1)
      SELECT coalesce(d.key, o.key) AS key,
        coalesce(d.with_due, 0) AS "withDue", coalesce(d.on_time, 0) AS "onTime", coalesce(o.overdue, 0) AS overdue
      FROM d FULL JOIN o ON o.key = d.key
      WHERE coalesce(d.with_due, 0) > 0 OR coalesce(o.overdue, 0) > 0
      ORDER BY overdue DESC, "withDue" DESC, key LIMIT 50`);
  const names = await processNames(ctx);
  return {
    byProcess: rowsOf<Omit<SlaRow, 'name'>>(await query('process_key')).map((r) => ({
      ...r,
      name: names.get(r.key) ?? null,
    })),
    byDepartment: rowsOf<Omit<SlaRow, 'name'>>(await query('department')).map((r) => ({ ...r, name: null })),
  };
}
