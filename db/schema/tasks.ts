import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectorKind, connectors } from './connectors';
import { processInstances } from './process-instances';
import { users } from './users';

export const taskKind = pgEnum('task_kind', ['approval', 'cc']);
export const taskStatus = pgEnum('task_status', ['pending', 'done', 'cancelled', 'deleted']);
export const taskResult = pgEnum('task_result', ['agree', 'refuse', 'redirect', 'none']);
/** How a node with several approvers decides: 会签 (all must agree), 或签 (the first answer), or one approver. */
export const taskDueSource = pgEnum('task_due_source', ['source', 'sla']);
export const taskNodeMode = pgEnum('task_node_mode', ['and', 'or', 'single']);

/**
 * THE task table: one row per work item per person, from every source.
 * 待我处理 = my pending approval tasks · 我已处理 = my finished approval tasks · 抄送我的 = my cc tasks.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    source: connectorKind('source').notNull(),
    /** The source's task id; adapters derive a stable one for items without (e.g. `cc:<userId>`). */
    externalTaskId: text('external_task_id').notNull(),
    kind: taskKind('kind').notNull(),
    /** Null while the source user is not mapped to a Huiban user (shown on the identities page). */
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    assigneeExternalId: text('assignee_external_id').notNull(),
    status: taskStatus('status').notNull(),
    result: taskResult('result'),
    title: text('title').notNull(),
    nodeName: text('node_name'),
    /** The node's mode where the source says it (local workflows); null where it does not (DingTalk). */
    nodeMode: taskNodeMode('node_mode'),
    receivedAt: tstz('received_at').notNull(),
    finishedAt: tstz('finished_at'),
    /**
     * When the task is due. Analytics (SLA compliance) read it with `finished_at`: a task is on time when it
     * finished before it. `due_source` says where it came from.
     */
    dueAt: tstz('due_at'),
    /** 'source': the source sent it (it wins, never recomputed) · 'sla': computed from the process SLA / step. */
    dueSource: taskDueSource('due_source'),
    /** The step's own due rule where the source has one (local workflows); wins over the process SLA. */
    stepSla: jsonb('step_sla').$type<{ amount: number; unit: 'hours' | 'days' }>(),
    /** Cc items: when the person opened it (抄送我的 unread marking). */
    readAt: tstz('read_at'),
    /** Set when the assignee acted from Huiban: the task leaves 待我处理 at once and no late event revives it. */
    actedAt: tstz('acted_at'),
    pcUrl: text('pc_url'),
    mobileUrl: text('mobile_url'),
    /** Title, process, originator and form summary in one string: what the inbox search box matches. */
    searchText: text('search_text').notNull().default(''),
    sourceUpdatedAt: tstz('source_updated_at').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('tasks_instance_external_uq').on(t.instanceId, t.externalTaskId),
    // 待我处理 / 抄送我的: (assignee, kind, status) then newest first, keyset-paged by (received, id).
    index('tasks_inbox_received_idx').on(t.assigneeUserId, t.kind, t.status, t.receivedAt.desc(), t.id),
    // 我已处理: finished approval tasks by finish time.
    index('tasks_inbox_finished_idx').on(t.assigneeUserId, t.kind, t.finishedAt.desc(), t.id),
    // The badge counts (countInbox): only what a badge can count, keyed so they are read from the index alone.
    // The condition is countInbox's `countableWhere`, word for word.
    index('tasks_inbox_counts_idx')
      .on(t.assigneeUserId, t.kind, t.dueAt)
      .where(
        sql`((${t.kind} = 'approval' and ${t.status} = 'pending' and ${t.actedAt} is null) or (${t.kind} = 'cc' and ${t.readAt} is null))`,
      ),
    index('tasks_instance_idx').on(t.instanceId),
    index('tasks_unmapped_idx').on(t.connectorId, t.assigneeExternalId),
    // The SLA scan: pending approval tasks with a due date.
    index('tasks_pending_due_idx').on(t.dueAt).where(sql`${t.status} = 'pending' and ${t.dueAt} is not null`),
    // Substring search (Chinese included: 报销 finds 差旅报销申请) through pg_trgm.
    index('tasks_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

export type Task = typeof tasks.$inferSelect;
