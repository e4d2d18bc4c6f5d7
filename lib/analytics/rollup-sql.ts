import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * The SQL that derives the insights facts and daily rollups from the task tables (docs/insights.md). Shared by
 * the incremental refresh (`instanceIds` given: only those instances, only the rollup keys they touch) and the
 * full rebuild (everything), so both compute the same rows by construction.
 *
 * Days are calendar days in the company time zone (HUIBAN_TIME_ZONE).
 */

/** Instances to (re)derive: those listed in a temp table (column instance_id), or every instance. */
export type FactScope = { idsTable: string } | { all: true };

function instanceFilter(scope: FactScope, column: SQL): SQL {
  return 'all' in scope
    ? sql`true`
    : sql`${column} IN (SELECT instance_id FROM ${sql.identifier(scope.idsTable)})`;
}

/** One row per non-deleted instance: when it started and closed, how, and the originator's department. */
export async function insertInstanceFacts(db: DbOrTx, scope: FactScope, timeZone: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO analytics_instance_facts (instance_id, connector_id, source, process_key, process_name, department,
      title, originator_name, started_at, started_day, finished_at, finished_day, cycle_seconds, outcome, transferred)
    SELECT pi.id, pi.connector_id, pi.source, coalesce(pi.process_code, pi.process_name, ''), pi.process_name, coalesce(u.department, ''),
      pi.title, pi.originator_name, pi.source_created_at, (pi.source_created_at AT TIME ZONE ${timeZone})::date,
      c.closed_at, (c.closed_at AT TIME ZONE ${timeZone})::date,
      CASE WHEN pi.status = 'completed' THEN greatest(0, extract(epoch FROM c.closed_at - pi.source_created_at))::int END,
      CASE WHEN pi.status = 'running' THEN 'running'
           WHEN pi.status = 'completed' AND pi.result = 'refuse' THEN 'refuse'
           WHEN pi.status = 'completed' THEN 'agree'
           ELSE 'revoked' END,
      EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = pi.id AND t.kind = 'approval' AND t.result = 'redirect')
    FROM process_instances pi
    LEFT JOIN users u ON u.id = pi.originator_user_id
    CROSS JOIN LATERAL (SELECT CASE WHEN pi.status <> 'running'
      THEN coalesce(pi.source_finished_at, pi.source_updated_at) END AS closed_at) c
    WHERE pi.status <> 'deleted' AND ${instanceFilter(scope, sql`pi.id`)}`);
}

/** One row per approval task that is pending or done, with the request's process and department. */
export async function insertTaskFacts(db: DbOrTx, scope: FactScope, timeZone: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO analytics_task_facts (task_id, instance_id, connector_id, source, process_key, department, step,
      approver_user_id, pending, received_at, finished_at, finished_day, wait_seconds, due_at, on_time)
    SELECT t.id, t.instance_id, t.connector_id, t.source, f.process_key, f.department, coalesce(t.node_name, ''),
      t.assignee_user_id, t.status = 'pending', t.received_at, d.done_at, (d.done_at AT TIME ZONE ${timeZone})::date,
      CASE WHEN d.done_at IS NOT NULL THEN greatest(0, extract(epoch FROM d.done_at - t.received_at))::int END,
      t.due_at,
      CASE WHEN d.done_at IS NOT NULL AND t.due_at IS NOT NULL THEN d.done_at <= t.due_at END
    FROM tasks t
    JOIN analytics_instance_facts f ON f.instance_id = t.instance_id
    CROSS JOIN LATERAL (SELECT CASE WHEN t.status = 'done'
      THEN coalesce(t.finished_at, t.source_updated_at) END AS done_at) d
    WHERE t.kind = 'approval' AND t.status IN ('pending', 'done') AND ${instanceFilter(scope, sql`t.instance_id`)}`);
}

/**
 * Requests per (day, connector, process, department): started on the day, and closed on the day (finished =
 * decided, refused, revoked, transferred during their life) with the cycle times of the decided ones.
 * `keys`: a temp table of the keys to recompute, or null for all.
 */
export async function insertDailyRollups(db: DbOrTx, keysTable: string | null): Promise<void> {
  const startedKeys = keysTable
    ? sql`AND (f.started_day, f.connector_id, f.process_key, f.department) IN (SELECT day, connector_id, process_key, department FROM ${sql.identifier(keysTable)})`
    : sql``;
  const finishedKeys = keysTable
    ? sql`AND (f.finished_day, f.connector_id, f.process_key, f.department) IN (SELECT day, connector_id, process_key, department FROM ${sql.identifier(keysTable)})`
    : sql``;
  await db.execute(sql`
    INSERT INTO analytics_daily (day, connector_id, source, process_key, process_name, department, started, finished,
      refused, revoked, transferred, cycle_seconds)
    SELECT day, connector_id, source, process_key, max(process_name), department, sum(started)::int, sum(finished)::int,
      sum(refused)::int, sum(revoked)::int, sum(transferred)::int,
      coalesce(array_agg(cycle ORDER BY cycle) FILTER (WHERE cycle IS NOT NULL), '{}')
    FROM (
      SELECT f.started_day AS day, f.connector_id, f.source, f.process_key, f.process_name, f.department,
        1 AS started, 0 AS finished, 0 AS refused, 0 AS revoked, 0 AS transferred, NULL::int AS cycle
      FROM analytics_instance_facts f WHERE true ${startedKeys}
      UNION ALL
      SELECT f.finished_day, f.connector_id, f.source, f.process_key, f.process_name, f.department,
        0, (f.outcome IN ('agree', 'refuse'))::int, (f.outcome = 'refuse')::int, (f.outcome = 'revoked')::int,
        f.transferred::int, f.cycle_seconds
      FROM analytics_instance_facts f WHERE f.finished_day IS NOT NULL ${finishedKeys}
    ) x
    GROUP BY day, connector_id, source, process_key, department`);
}

/** Finished approval tasks per (day, connector, process, department, step, approver): waits and SLA compliance. */
export async function insertStepDailyRollups(db: DbOrTx, keysTable: string | null): Promise<void> {
  const keys = keysTable
    ? sql`AND (f.finished_day, f.connector_id, f.process_key, f.department, f.step, coalesce(f.approver_user_id::text, ''))
        IN (SELECT day, connector_id, process_key, department, step, coalesce(approver_user_id::text, '') FROM ${sql.identifier(keysTable)})`
    : sql``;
  await db.execute(sql`
    INSERT INTO analytics_step_daily (day, connector_id, source, process_key, department, step, approver_user_id,
      finished, with_due, on_time, wait_seconds)
    SELECT f.finished_day, f.connector_id, f.source, f.process_key, f.department, f.step, f.approver_user_id,
      count(*)::int, count(f.on_time)::int, count(*) FILTER (WHERE f.on_time)::int,
      array_agg(f.wait_seconds ORDER BY f.wait_seconds)
    FROM analytics_task_facts f
    WHERE f.finished_day IS NOT NULL ${keys}
    GROUP BY f.finished_day, f.connector_id, f.source, f.process_key, f.department, f.step, f.approver_user_id`);
}

/**
 * The log-scale histogram bucket of a duration in seconds: 8 buckets per doubling (bucket b holds v with
 * 2^(b/8) ≤ v + 1 < 2^((b+1)/8)), so a bucket's values lie within 9.05% of (v + 1) of each other.
 */
export function analyticsBucket(value: SQL): SQL {
  return sql`floor(8 * ln(${value} + 1) / ln(2))::smallint`;
}

/** The Monday of a date's week (weeks start on Monday, as date_trunc('week') counts them). */
export function mondayOf(day: SQL): SQL {
  return sql`(${day} - (extract(isodow FROM ${day})::int - 1))`;
}

/**
 * Source rows (alias a) and their span start for one phase of the company-wide rollups: `day` reads the
 * department rollup `table` (one row per department and day), `week` reads the company-wide day rows of `table`
 * (seven per week). `keysTable` (span, start, connector_id, process_key) limits them to the keys of that span;
 * null: every row.
 */
function spanSource(
  span: 'day' | 'week',
  table: string,
  keysTable: string | null,
): { from: SQL; start: SQL } {
  const t = sql.identifier(table);
  if (span === 'day') {
    return keysTable
      ? {
          from: sql`${sql.identifier(keysTable)} k JOIN ${t} a ON k.span = 'day' AND a.connector_id = k.connector_id
            AND a.process_key = k.process_key AND a.day = k.start`,
          start: sql`a.day`,
        }
      : { from: sql`${t} a`, start: sql`a.day` };
  }
  // Seven equality probes per week on the primary key (span, start, connector, process), not a range scan.
  return keysTable
    ? {
        from: sql`${sql.identifier(keysTable)} k CROSS JOIN generate_series(0, 6) d(i)
          JOIN ${t} a ON k.span = 'week' AND a.span = 'day' AND a.start = k.start + d.i
          AND a.connector_id = k.connector_id AND a.process_key = k.process_key`,
        start: sql`k.start`,
      }
    : { from: sql`${t} a JOIN (SELECT 'day' AS span) k ON a.span = k.span`, start: mondayOf(sql`a.start`) };
}

/**
 * The company-wide rollups (no department, no approver) of the given keys, or all: first the days, from the
 * department rollups (which must be current), then the weeks, from the company-wide days (seven rows each, so a
 * batch that touches a day re-reads its week cheaply): request counts, cycle-time and wait histograms (merged
 * per bucket: counts add, lo/hi are the extremes), SLA counts.
 */
export async function insertCompanyRollups(db: DbOrTx, keysTable: string | null): Promise<void> {
  let s = spanSource('day', 'analytics_daily', keysTable);
  await db.execute(sql`
    INSERT INTO analytics_company_requests (span, start, connector_id, source, process_key, process_name, started,
      finished, refused, revoked, transferred)
    SELECT 'day', ${s.start}, a.connector_id, a.source, a.process_key, max(a.process_name), sum(a.started)::int,
      sum(a.finished)::int, sum(a.refused)::int, sum(a.revoked)::int, sum(a.transferred)::int
    FROM ${s.from} GROUP BY 2, 3, 4, 5`);
  await db.execute(sql`
    INSERT INTO analytics_company_cycle (span, start, connector_id, source, process_key, bucket, n, lo, hi)
    SELECT 'day', ${s.start}, a.connector_id, a.source, a.process_key, ${analyticsBucket(sql`v`)}, count(*)::int,
      min(v), max(v)
    FROM ${s.from} CROSS JOIN LATERAL unnest(a.cycle_seconds) v GROUP BY 2, 3, 4, 5, 6`);
  s = spanSource('day', 'analytics_step_daily', keysTable);
  await db.execute(sql`
    INSERT INTO analytics_company_waits (span, start, connector_id, source, process_key, step, bucket, n, lo, hi)
    SELECT 'day', ${s.start}, a.connector_id, a.source, a.process_key, a.step, ${analyticsBucket(sql`v`)},
      count(*)::int, min(v), max(v)
    FROM ${s.from} CROSS JOIN LATERAL unnest(a.wait_seconds) v GROUP BY 2, 3, 4, 5, 6, 7`);
  await db.execute(sql`
    INSERT INTO analytics_company_sla (span, start, connector_id, source, process_key, department, finished,
      with_due, on_time)
    SELECT 'day', ${s.start}, a.connector_id, a.source, a.process_key, a.department, sum(a.finished)::int,
      sum(a.with_due)::int, sum(a.on_time)::int
    FROM ${s.from} GROUP BY 2, 3, 4, 5, 6`);

  s = spanSource('week', 'analytics_company_requests', keysTable);
  await db.execute(sql`
    INSERT INTO analytics_company_requests (span, start, connector_id, source, process_key, process_name, started,
      finished, refused, revoked, transferred)
    SELECT 'week', ${s.start}, a.connector_id, a.source, a.process_key, max(a.process_name), sum(a.started)::int,
      sum(a.finished)::int, sum(a.refused)::int, sum(a.revoked)::int, sum(a.transferred)::int
    FROM ${s.from} GROUP BY 2, 3, 4, 5`);
  s = spanSource('week', 'analytics_company_cycle', keysTable);
  await db.execute(sql`
    INSERT INTO analytics_company_cycle (span, start, connector_id, source, process_key, bucket, n, lo, hi)
    SELECT 'week', ${s.start}, a.connector_id, a.source, a.process_key, a.bucket, sum(a.n)::int, min(a.lo),
      max(a.hi)
    FROM ${s.from} GROUP BY 2, 3, 4, 5, 6`);
  s = spanSource('week', 'analytics_company_waits', keysTable);
  await db.execute(sql`
    INSERT INTO analytics_company_waits (span, start, connector_id, source, process_key, step, bucket, n, lo, hi)
    SELECT 'week', ${s.start}, a.connector_id, a.source, a.process_key, a.step, a.bucket, sum(a.n)::int,
      min(a.lo), max(a.hi)
    FROM ${s.from} GROUP BY 2, 3, 4, 5, 6, 7`);
  s = spanSource('week', 'analytics_company_sla', keysTable);
  await db.execute(sql`
    INSERT INTO analytics_company_sla (span, start, connector_id, source, process_key, department, finished,
      with_due, on_time)
    SELECT 'week', ${s.start}, a.connector_id, a.source, a.process_key, a.department, sum(a.finished)::int,
      sum(a.with_due)::int, sum(a.on_time)::int
    FROM ${s.from} GROUP BY 2, 3, 4, 5, 6`);
}
