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
  const departments = rowsOf<{ department: string }>(
    await db.execute(
      sql`SELECT DISTINCT a.department FROM analytics_daily a WHERE ${all} ORDER BY 1 LIMIT 500`,
    ),
  );
  const processes = rowsOf<{ key: string; name: string | null }>(
    await db.execute(sql`
      SELECT a.process_key AS key, max(a.process_name) AS name FROM analytics_daily a WHERE ${all}
      GROUP BY a.process_key ORDER BY 2, 1 LIMIT 500`),
  );
  const connectors = rowsOf<{ id: string; name: string; source: string }>(
    await db.execute(sql`
      SELECT c.id, c.name, c.kind::text AS source FROM connectors c
      WHERE c.id IN (SELECT DISTINCT a.connector_id FROM analytics_daily a WHERE ${all}) ORDER BY c.name`),
  );
  return { departments: departments.map((d) => d.department), processes, connectors };
}
