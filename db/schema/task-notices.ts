import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { tasks } from './tasks';
import { users } from './users';

/**
 * sending: claimed, message stored, the call may or may not have reached DingTalk · sent: DingTalk answered with
 * its task_id · closed: the status bar shows the task's outcome · skipped: deliberately not sent (see
 * skip_reason) · failed: a call that cannot succeed (no agentId, rejected message).
 */
export const taskNoticeState = pgEnum('task_notice_state', [
  'sending',
  'sent',
  'closed',
  'skipped',
  'failed',
]);

/**
 * One DingTalk work notice (工作通知) per task, for sources that do not notify by themselves (open API, local
 * workflows). The unique task id is the idempotency key: the row is claimed (state `sending`, the exact message
 * stored) before the call, so a job running twice sends once and a retry after a crash resends the same bytes,
 * which DingTalk drops as a same-day duplicate (getsendresult 143106) rather than showing twice.
 */
export const taskNotices = pgTable(
  'task_notices',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    /** The task's connector (open-API connector or local workflows): what the health page groups by. */
    sourceConnectorId: uuid('source_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    /** The DingTalk connector (app) that sends. */
    dingtalkConnectorId: uuid('dingtalk_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The recipient's DingTalk userId (null when they have none: skipped). */
    dingtalkUserId: text('dingtalk_user_id'),
    state: taskNoticeState('state').notNull(),
    /** muted · no_account · duplicate · daily_limit · monthly_quota · disabled */
    skipReason: text('skip_reason'),
    /** sha256 of recipient + message: the same content to the same user is sent once a day (§11). */
    contentHash: text('content_hash'),
    /** The `msg` object sent (stored before the call, resent unchanged on retry). */
    message: jsonb('message').$type<Record<string, unknown>>(),
    /** DingTalk's asynchronous send id (asyncsend_v2 `task_id`). */
    dingtalkTaskId: bigint('dingtalk_task_id', { mode: 'number' }),
    attempts: integer('attempts').notNull().default(0),
    /** What getsendresult said for the recipient: unread · read · invalid · forbidden · failed · duplicate · daily_limit. */
    delivery: text('delivery'),
    /** The status bar text written last (待处理 at send, the outcome at close). */
    statusValue: text('status_value'),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    closedAt: tstz('closed_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('task_notices_task_uq').on(t.taskId),
    index('task_notices_recipient_idx').on(t.dingtalkUserId, t.sentAt),
    index('task_notices_sender_idx').on(t.dingtalkConnectorId, t.sentAt),
    index('task_notices_source_idx').on(t.sourceConnectorId, t.createdAt),
  ],
);

export type TaskNotice = typeof taskNotices.$inferSelect;

/** A task mirrored into DingTalk 待办 (§9) for an open-API connector that asks for it; completed when it ends. */
export const taskTodoMirrors = pgTable(
  'task_todo_mirrors',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    dingtalkConnectorId: uuid('dingtalk_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    unionId: text('union_id').notNull(),
    /** creating · created · completed · failed */
    state: text('state').notNull(),
    todoId: text('todo_id'),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [uniqueIndex('task_todo_mirrors_task_uq').on(t.taskId)],
);
