import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { displayTimeZone } from '@/lib/env';
import {
  insertCompanyRollups,
  insertDailyRollups,
  insertInstanceFacts,
  insertStepDailyRollups,
  insertTaskFacts,
  mondayOf,
} from './rollup-sql';

/**
 * Instances refreshed per transaction. Small on purpose: while a batch is open, a write to one of its instances
 * waits at the trigger's insert into analytics_dirty_instances (the claimed row is deleted but not committed), so
 * the batch must stay short for the worker's snapshot writes; a burst is drained in many short batches instead.
 */
const BATCH = 250;

const COMPANY_TABLES = [
  'analytics_company_requests',
  'analytics_company_cycle',
  'analytics_company_waits',
  'analytics_company_sla',
] as const;

/** Serialises refreshes and rebuilds: two of them recomputing the same rollup key would race. */
export async function lockAnalytics(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('huiban_analytics'))`);
}

/**
 * Drains the change cursor (analytics_dirty_instances, filled by triggers on tasks and process_instances):
 * for each batch of dirty instances, in one transaction, replaces their facts and recomputes the daily rollup
 * keys they touched before and after, then the company-wide day and week rows of those keys. A failed batch
 * rolls back with its dirty rows, so nothing is lost; running it twice changes nothing (idempotent job).
 */
export async function refreshAnalytics(
  db: Db,
  options: { timeZone?: string; maxBatches?: number } = {},
): Promise<{ instances: number; batches: number }> {
  const timeZone = options.timeZone ?? displayTimeZone();
  const maxBatches = options.maxBatches ?? 400;
  let instances = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const count = await db.transaction(async (tx) => refreshBatch(tx, timeZone));
    if (count === 0) break;
    instances += count;
    batches += 1;
    if (count < BATCH) break;
  }
  return { instances, batches };
}

async function refreshBatch(tx: Tx, timeZone: string): Promise<number> {
  await lockAnalytics(tx);
  await tx.execute(
    sql`CREATE TEMP TABLE analytics_refresh_ids (instance_id uuid PRIMARY KEY) ON COMMIT DROP`,
  );
  const claimed = await tx.execute(sql`
    WITH batch AS (
      SELECT instance_id FROM analytics_dirty_instances ORDER BY changed_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED),
    gone AS (
      DELETE FROM analytics_dirty_instances d USING batch b WHERE d.instance_id = b.instance_id RETURNING d.instance_id)
    INSERT INTO analytics_refresh_ids SELECT instance_id FROM gone`);
  const count = claimed.count ?? 0;
  if (count === 0) return 0;

  // The rollup keys these instances touch now (old facts) …
  await tx.execute(sql`
    CREATE TEMP TABLE analytics_refresh_keys ON COMMIT DROP AS
    SELECT started_day AS day, connector_id, process_key, department FROM analytics_instance_facts
      WHERE instance_id IN (SELECT instance_id FROM analytics_refresh_ids)
    UNION SELECT finished_day, connector_id, process_key, department FROM analytics_instance_facts
      WHERE finished_day IS NOT NULL AND instance_id IN (SELECT instance_id FROM analytics_refresh_ids)`);
  await tx.execute(sql`
    CREATE TEMP TABLE analytics_refresh_step_keys ON COMMIT DROP AS
    SELECT DISTINCT finished_day AS day, connector_id, process_key, department, step, approver_user_id
    FROM analytics_task_facts
    WHERE finished_day IS NOT NULL AND instance_id IN (SELECT instance_id FROM analytics_refresh_ids)`);

  // … their facts, replaced from the task tables …
  await tx.execute(sql`
    DELETE FROM analytics_task_facts WHERE instance_id IN (SELECT instance_id FROM analytics_refresh_ids)`);
  await tx.execute(sql`
    DELETE FROM analytics_instance_facts WHERE instance_id IN (SELECT instance_id FROM analytics_refresh_ids)`);
  await insertInstanceFacts(tx, { idsTable: 'analytics_refresh_ids' }, timeZone);
  await insertTaskFacts(tx, { idsTable: 'analytics_refresh_ids' }, timeZone);

  // … and the keys they touch afterwards.
  await tx.execute(sql`
    INSERT INTO analytics_refresh_keys
    SELECT started_day, connector_id, process_key, department FROM analytics_instance_facts
      WHERE instance_id IN (SELECT instance_id FROM analytics_refresh_ids)
    UNION SELECT finished_day, connector_id, process_key, department FROM analytics_instance_facts
      WHERE finished_day IS NOT NULL AND instance_id IN (SELECT instance_id FROM analytics_refresh_ids)`);
  await tx.execute(sql`
    INSERT INTO analytics_refresh_step_keys
    SELECT DISTINCT finished_day, connector_id, process_key, department, step, approver_user_id
    FROM analytics_task_facts
    WHERE finished_day IS NOT NULL AND instance_id IN (SELECT instance_id FROM analytics_refresh_ids)`);

  await tx.execute(sql`
    DELETE FROM analytics_daily d USING analytics_refresh_keys k
    WHERE d.day = k.day AND d.connector_id = k.connector_id AND d.process_key = k.process_key
      AND d.department = k.department`);
  await insertDailyRollups(tx, 'analytics_refresh_keys');
  await tx.execute(sql`
    DELETE FROM analytics_step_daily d USING analytics_refresh_step_keys k
    WHERE d.day = k.day AND d.connector_id = k.connector_id AND d.process_key = k.process_key
      AND d.department = k.department AND d.step = k.step
      AND d.approver_user_id IS NOT DISTINCT FROM k.approver_user_id`);
  await insertStepDailyRollups(tx, 'analytics_refresh_step_keys');

  // The company-wide days of those keys (from the department rows just written) and their weeks (from the days).
  await tx.execute(sql`
    CREATE TEMP TABLE analytics_refresh_company_keys ON COMMIT DROP AS
    SELECT DISTINCT s.span, s.start, k.connector_id, k.process_key
    FROM (SELECT day, connector_id, process_key FROM analytics_refresh_keys
      UNION SELECT day, connector_id, process_key FROM analytics_refresh_step_keys) k
    CROSS JOIN LATERAL (VALUES ('day', k.day), ('week', ${mondayOf(sql`k.day`)})) s(span, start)`);
  // A temp table has no statistics: without them the planner may scan whole rollups instead of probing keys.
  await tx.execute(sql`ANALYZE analytics_refresh_company_keys`);
  for (const table of COMPANY_TABLES) {
    await tx.execute(sql`
      DELETE FROM ${sql.identifier(table)} d USING analytics_refresh_company_keys k
      WHERE d.span = k.span AND d.start = k.start AND d.connector_id = k.connector_id
        AND d.process_key = k.process_key`);
  }
  await insertCompanyRollups(tx, 'analytics_refresh_company_keys');
  return count;
}
