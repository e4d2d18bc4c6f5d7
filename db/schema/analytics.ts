import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { connectorKind } from './connectors';
import { users } from './users';

/*
 * Insights (分析, docs/insights.md). Three layers, all derived and rebuildable (`npm run analytics:rebuild`):
 * 1. `analytics_dirty_instances`: the change cursor. Statement triggers on tasks and process_instances
 *    (migration analytics_rollups) add the id of every instance whose rows changed, whatever code wrote them.
 * 2. Facts: one row per instance and one per approval task, recomputed for the dirty instances by the
 *    `refresh-analytics` job.
 * 3. Daily rollups keyed by (day, connector, process, department[, step, approver]), recomputed for the keys
 *    the refreshed facts touched (old and new). The analytics APIs read these, not the task tables.
 * 4. Company-wide rollups (`analytics_company_*`): the same figures per day AND per week (`span`) without the
 *    department and approver keys, durations as log-bucket histograms, recomputed from layer 3 for the
 *    (span, start, connector, process) keys it touched. They answer viewers who see the whole company without a
 *    department filter, so a year reads ~52 week rows per process instead of every request.
 * No foreign keys to the task tables: a deleted instance must still be found in the facts so its old rollup
 * keys are recomputed.
 */

/** The change cursor: instances whose facts are stale. Drained by the refresh-analytics job. */
export const analyticsDirtyInstances = pgTable('analytics_dirty_instances', {
  instanceId: uuid('instance_id').primaryKey(),
  changedAt: tstz('changed_at').notNull().defaultNow(),
});

/** One row per request (instance), in the company time zone's days. */
export const analyticsInstanceFacts = pgTable(
  'analytics_instance_facts',
  {
    instanceId: uuid('instance_id').primaryKey(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    /** process_code, '' when the source has none. */
    processKey: text('process_key').notNull(),
    processName: text('process_name'),
    /** The originator's department from the directory ('' when unknown): the scope of managers. */
    department: text('department').notNull(),
    title: text('title').notNull(),
    originatorName: text('originator_name'),
    startedAt: tstz('started_at').notNull(),
    startedDay: date('started_day').notNull(),
    finishedAt: tstz('finished_at'),
    finishedDay: date('finished_day'),
    /** Start → finish, seconds; set only for requests that finished (completed, refused or revoked). */
    cycleSeconds: integer('cycle_seconds'),
    /** running · agree · refuse · revoked (terminated or cancelled at the source). */
    outcome: text('outcome').notNull(),
    /** Some approval task of the request was transferred (转交). */
    transferred: boolean('transferred').notNull(),
  },
  (t) => [
    index('analytics_instance_facts_started_idx').on(t.startedDay, t.connectorId),
    index('analytics_instance_facts_finished_idx').on(t.finishedDay, t.connectorId),
  ],
);

/** One row per approval task that is pending or done (cancelled items of an 或签 node never waited on anyone). */
export const analyticsTaskFacts = pgTable(
  'analytics_task_facts',
  {
    taskId: uuid('task_id').primaryKey(),
    instanceId: uuid('instance_id').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    /** The request's department (its originator's), so a step is scoped like its request. */
    department: text('department').notNull(),
    /** node_name, '' when the source has none. */
    step: text('step').notNull(),
    approverUserId: uuid('approver_user_id'),
    pending: boolean('pending').notNull(),
    receivedAt: tstz('received_at').notNull(),
    finishedAt: tstz('finished_at'),
    finishedDay: date('finished_day'),
    waitSeconds: integer('wait_seconds'),
    dueAt: tstz('due_at'),
    /** Finished by its due time; null without a due time or while pending. */
    onTime: boolean('on_time'),
  },
  (t) => [
    index('analytics_task_facts_instance_idx').on(t.instanceId),
    index('analytics_task_facts_pending_idx').on(t.receivedAt).where(sql`${t.pending}`),
    index('analytics_task_facts_finished_idx').on(t.finishedDay),
  ],
);

/** Requests per day and key: started, finished, outcomes, and the cycle times of the day's finished requests. */
export const analyticsDaily = pgTable(
  'analytics_daily',
  {
    day: date('day').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    processName: text('process_name'),
    department: text('department').notNull(),
    started: integer('started').notNull(),
    finished: integer('finished').notNull(),
    refused: integer('refused').notNull(),
    revoked: integer('revoked').notNull(),
    transferred: integer('transferred').notNull(),
    /** Cycle seconds of the requests finished this day: exact percentiles over any period (unnest). */
    cycleSeconds: integer('cycle_seconds').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.connectorId, t.processKey, t.department] }),
    // Recomputing a company-wide (connector, process) day or week reads its department rows by this.
    index('analytics_daily_process_idx').on(t.connectorId, t.processKey, t.day),
    // The filter choices list departments with a loose index scan.
    index('analytics_daily_department_idx').on(t.department),
  ],
);

/** Finished approval tasks per day, step and approver: waits (for percentiles) and SLA compliance. */
export const analyticsStepDaily = pgTable(
  'analytics_step_daily',
  {
    id: id(),
    day: date('day').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    department: text('department').notNull(),
    step: text('step').notNull(),
    approverUserId: uuid('approver_user_id'),
    finished: integer('finished').notNull(),
    withDue: integer('with_due').notNull(),
    onTime: integer('on_time').notNull(),
    waitSeconds: integer('wait_seconds').array().notNull(),
  },
  (t) => [
    unique('analytics_step_daily_key_uq')
      .on(t.day, t.connectorId, t.processKey, t.department, t.step, t.approverUserId)
      .nullsNotDistinct(),
    index('analytics_step_daily_process_idx').on(t.connectorId, t.processKey, t.day),
    // The busiest approvers' waits are read per approver.
    index('analytics_step_daily_approver_idx').on(t.approverUserId, t.day),
  ],
);

/*
 * Company-wide rollups. `span` is 'day' (start = the day) or 'week' (start = its Monday); a period reads its whole
 * weeks from week rows and the days at either end from day rows (insight-filters.ts `companyPeriod`).
 * Histograms: one row per non-empty log bucket (`analyticsBucket()`, 8 per doubling) with the count and the
 * smallest and largest value in it, so percentiles are within one bucket's width of the exact ones (and exact
 * where a rank falls on a bucket's first or last value).
 */

/** Requests per span, connector and process (counts of analytics_daily without the department). */
export const analyticsCompanyRequests = pgTable(
  'analytics_company_requests',
  {
    span: text('span').notNull(),
    start: date('start').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    processName: text('process_name'),
    started: integer('started').notNull(),
    finished: integer('finished').notNull(),
    refused: integer('refused').notNull(),
    revoked: integer('revoked').notNull(),
    transferred: integer('transferred').notNull(),
  },
  (t) => [primaryKey({ columns: [t.span, t.start, t.connectorId, t.processKey] })],
);

/** Cycle-time histogram of the requests decided in the span. */
export const analyticsCompanyCycle = pgTable(
  'analytics_company_cycle',
  {
    span: text('span').notNull(),
    start: date('start').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    bucket: smallint('bucket').notNull(),
    n: integer('n').notNull(),
    lo: integer('lo').notNull(),
    hi: integer('hi').notNull(),
  },
  (t) => [primaryKey({ columns: [t.span, t.start, t.connectorId, t.processKey, t.bucket] })],
);

/** Wait histogram of the approval tasks answered in the span, per step. */
export const analyticsCompanyWaits = pgTable(
  'analytics_company_waits',
  {
    span: text('span').notNull(),
    start: date('start').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    step: text('step').notNull(),
    bucket: smallint('bucket').notNull(),
    n: integer('n').notNull(),
    lo: integer('lo').notNull(),
    hi: integer('hi').notNull(),
  },
  (t) => [primaryKey({ columns: [t.span, t.start, t.connectorId, t.processKey, t.step, t.bucket] })],
);

/** SLA compliance of the approval tasks answered in the span, per process and department (no approver). */
export const analyticsCompanySla = pgTable(
  'analytics_company_sla',
  {
    span: text('span').notNull(),
    start: date('start').notNull(),
    connectorId: uuid('connector_id').notNull(),
    source: connectorKind('source').notNull(),
    processKey: text('process_key').notNull(),
    department: text('department').notNull(),
    finished: integer('finished').notNull(),
    withDue: integer('with_due').notNull(),
    onTime: integer('on_time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.span, t.start, t.connectorId, t.processKey, t.department] })],
);

/** 分析 scope granted by an admin: the user sees these departments' figures (besides those they manage). */
export const analyticsGrants = pgTable(
  'analytics_grants',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    department: text('department').notNull(),
    grantedBy: uuid('granted_by').references(() => users.id, { onDelete: 'set null' }),
    grantedAt: tstz('granted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.department] })],
);

export type AnalyticsGrant = typeof analyticsGrants.$inferSelect;
