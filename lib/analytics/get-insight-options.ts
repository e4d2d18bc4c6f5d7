import { sql } from 'drizzle-orm';
import { type FigureContext, rowsOf } from './figure-context';
import { insightWhere } from './insight-filters';

export type InsightOptions = {
  departments: string[];
  processes: { key: string; name: string | null }[];
  connectors: { id: string; name: string; source: string }[];
};

/** The filter choices within the viewer's scope (any time): departments, processes and connectors with data. */
export async function getInsightOptions({ db, scope }: FigureContext): Promise<InsightOptions> {
  const all = insightWhere({ from: '1970-01-01', to: '9999-12-31', granularity: 'day' }, scope, null, 'a');
  // Departments by a loose index scan (one index probe per department, not a pass over every day's rows).
  const departments = rowsOf<{ department: string }>(
    await db.execute(sql`
      WITH RECURSIVE d AS (
        (SELECT a.department FROM analytics_daily a WHERE ${all} ORDER BY a.department LIMIT 1)
        UNION ALL
        SELECT (SELECT a.department FROM analytics_daily a WHERE a.department > d.department AND ${all}
          ORDER BY a.department LIMIT 1)
        FROM d WHERE d.department IS NOT NULL)
      SELECT department FROM d WHERE department IS NOT NULL LIMIT 500`),
  );
  // Whole company: the week rows hold every process and connector with data, without the departments.
  const rollup = scope.all
    ? sql`analytics_company_requests a WHERE a.span = 'week'`
    : sql`analytics_daily a WHERE ${all}`;
  const processes = rowsOf<{ key: string; name: string | null }>(
    await db.execute(sql`
      SELECT a.process_key AS key, max(a.process_name) AS name FROM ${rollup}
      GROUP BY a.process_key ORDER BY 2, 1 LIMIT 500`),
  );
  const connectors = rowsOf<{ id: string; name: string; source: string }>(
    await db.execute(sql`
      SELECT c.id, c.name, c.kind::text AS source FROM connectors c
      WHERE c.id IN (SELECT DISTINCT a.connector_id FROM ${rollup}) ORDER BY c.name`),
  );
  return { departments: departments.map((d) => d.department), processes, connectors };
}
