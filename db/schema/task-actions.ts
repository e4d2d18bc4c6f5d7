import { index, integer, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { processInstances } from './process-instances';
import { tasks } from './tasks';
import { users } from './users';

export const taskActionKind = pgEnum('task_action_kind', [
  'agree',
  'refuse',
  'transfer',
  'comment',
  'revoke',
  // 加签 · 退回 · 撤回 (an approver takes back an agree) · 再次提交 (the originator resubmits).
  'append',
  'revert',
  'withdraw',
  'resubmit',
]);
export const writeBackStatus = pgEnum('write_back_status', ['pending', 'confirmed', 'failed']);

/** What a user did from Huiban, and whether the source has confirmed it (提交中 / 已同步 / 失败). */
export const taskActions = pgTable(
  'task_actions',
  {
    id: id(),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'cascade' }),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    action: taskActionKind('action').notNull(),
    remark: text('remark'),
    /** Action-specific input, e.g. the transfer target. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    writeBackStatus: writeBackStatus('write_back_status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The source's answer (sanitised), kept for support. */
    sourceResponse: jsonb('source_response').$type<unknown>(),
    lastError: text('last_error'),
    confirmedAt: tstz('confirmed_at'),
    ...timestamps,
  },
  (t) => [
    index('task_actions_task_idx').on(t.taskId, t.createdAt),
    index('task_actions_status_idx').on(t.writeBackStatus, t.updatedAt),
  ],
);

export type TaskAction = typeof taskActions.$inferSelect;
