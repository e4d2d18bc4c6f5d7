import { bigint, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { processInstances } from './process-instances';
import { tasks } from './tasks';
import { users } from './users';

/**
 * One 催办 (urge) of a running request (docs/reminders.md): who urged, when. At most one per request per hour:
 * the urge takes the instance's row lock and checks the last urge's time before inserting, so two concurrent
 * clicks make one row.
 */
export const urges = pgTable(
  'urges',
  {
    id: id(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    urgedByUserId: uuid('urged_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('urges_instance_time_idx').on(t.instanceId, t.createdAt)],
);

/**
 * pending: to send · sent: DingTalk took it (its send id) · not_notified: nobody to send to (reason) · failed: a
 * call that cannot succeed.
 */
export const reminderNoticeStatus = pgEnum('reminder_notice_status', [
  'pending',
  'sent',
  'not_notified',
  'failed',
]);

/**
 * One work notice of an urge, per current approver's task. The row is the idempotency key of the job that sends
 * it: a retried job skips rows no longer `pending`, and holds the row lock across the call.
 */
export const urgeNotices = pgTable(
  'urge_notices',
  {
    id: id(),
    urgeId: uuid('urge_id')
      .notNull()
      .references(() => urges.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    recipientUserId: uuid('recipient_user_id').references(() => users.id, { onDelete: 'set null' }),
    recipientName: text('recipient_name').notNull(),
    status: reminderNoticeStatus('status').notNull().default('pending'),
    /** Why nobody was notified (`no_dingtalk_account`, `no_agent_id`) or what failed (never a secret). */
    reason: text('reason'),
    /** The DingTalk connector that sent it, and DingTalk's send id (asyncsend_v2 task_id). */
    dingtalkConnectorId: uuid('dingtalk_connector_id').references(() => connectors.id, {
      onDelete: 'set null',
    }),
    dingtalkTaskId: bigint('dingtalk_task_id', { mode: 'number' }),
    attempts: integer('attempts').notNull().default(0),
    sentAt: tstz('sent_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('urge_notices_urge_task_uq').on(t.urgeId, t.taskId)],
);

/**
 * The daily digest of one user for one company-local date (docs/reminders.md). The unique key (user × date) is
 * the claim: however often the schedule fires and on however many workers, one digest per user per day.
 * `status`: `sent`, `empty` (nothing waited: skipped), `not_notified` (no DingTalk account), `failed`, or
 * `pending` while the send is under way.
 */
export const digestSends = pgTable(
  'digest_sends',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The company-local date ('YYYY-MM-DD', HUIBAN_TIME_ZONE) the digest is for. */
    localDate: text('local_date').notNull(),
    status: text('status').notNull().default('pending'),
    /** How many tasks waited when it was composed. */
    pendingCount: integer('pending_count').notNull().default(0),
    reason: text('reason'),
    dingtalkConnectorId: uuid('dingtalk_connector_id').references(() => connectors.id, {
      onDelete: 'set null',
    }),
    dingtalkTaskId: bigint('dingtalk_task_id', { mode: 'number' }),
    /** Set once the step is done (sent, skipped, failed); a `pending` row older than a few minutes is retried. */
    finishedAt: tstz('finished_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('digest_sends_user_date_uq').on(t.userId, t.localDate)],
);

export type DigestSend = typeof digestSends.$inferSelect;
export type Urge = typeof urges.$inferSelect;
export type UrgeNotice = typeof urgeNotices.$inferSelect;
