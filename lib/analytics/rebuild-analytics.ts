import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { displayTimeZone } from '@/lib/env';
import { lockAnalytics } from './refresh-analytics';
import {
  insertCompanyRollups,
  insertDailyRollups,
  insertInstanceFacts,
  insertStepDailyRollups,
  insertTaskFacts,
} from './rollup-sql';

/**
 * Recomputes every insights fact and rollup from the task tables in one transaction (`npm run
 * analytics:rebuild`): after a change of HUIBAN_TIME_ZONE or of people's departments, or to check the
 * incremental job. Changes committed meanwhile mark their instances dirty again and are refreshed after.
 */
export async function rebuildAnalytics(
  db: Db,
  options: { timeZone?: string } = {},
): Promise<{ instances: number; tasks: number }> {
  const timeZone = options.timeZone ?? displayTimeZone();
  return db.transaction(async (tx) => {
    await lockAnalytics(tx);
    await tx.execute(sql`TRUNCATE analytics_dirty_instances, analytics_instance_facts, analytics_task_facts,
      analytics_daily, analytics_step_daily, analytics_company_requests, analytics_company_cycle,
      analytics_company_waits, analytics_company_sla`);
    await insertInstanceFacts(tx, { all: true }, timeZone);
    await insertTaskFacts(tx, { all: true }, timeZone);
    await insertDailyRollups(tx, null);
    await insertStepDailyRollups(tx, null);
    await insertCompanyRollups(tx, null);
    const [row] = await tx.execute<{ instances: number; tasks: number }>(sql`
      SELECT (SELECT count(*) FROM analytics_instance_facts)::int AS instances,
             (SELECT count(*) FROM analytics_task_facts)::int AS tasks`);
    return { instances: row?.instances ?? 0, tasks: row?.tasks ?? 0 };
  });
}
