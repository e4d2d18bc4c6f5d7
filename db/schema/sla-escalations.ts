import { index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { processInstances } from './process-instances';
import { tasks } from './tasks';
import { users } from './users';

/** remind: the share-of-time reminder to the approver · overdue: the manager's notice · act: transfer/agree/refuse. */
export const slaEscalationStage = pgEnum('sla_escalation_stage', ['remind', 'overdue', 'act']);
export const slaEscalationStatus = pgEnum('sla_escalation_status', [
  'claimed',
  'sent',
  'not_notified',
  'acted',
  'skipped',
  'failed',
]);

/**
 * One escalation step of one task (docs/sla.md). The unique key (task × stage) makes each step happen once even
 * when the scan runs twice or on two workers at once: only the insert that wins does the step.
 */
export const slaEscalations = pgTable(
  'sla_escalations',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    stage: slaEscalationStage('stage').notNull(),
    /** `claimed` until the step is done; a claim older than a few minutes (a crashed worker) is taken again. */
    status: slaEscalationStatus('status').notNull().default('claimed'),
    /** Who was notified or whom the task went to (the approver, or their manager). */
    recipientUserId: uuid('recipient_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Why nobody was notified, or what went wrong (never a secret). */
    detail: text('detail'),
    /** The task's due time the step was computed against. */
    dueAt: tstz('due_at').notNull(),
    claimedAt: tstz('claimed_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('sla_escalations_task_stage_uq').on(t.taskId, t.stage),
    index('sla_escalations_claimed_idx').on(t.status, t.claimedAt),
  ],
);

export type SlaEscalation = typeof slaEscalations.$inferSelect;
