import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { processInstances } from './process-instances';
import { users } from './users';

/** One step of an instance's process log (DingTalk operationRecords, Yida 审批记录, local actions). */
export const processLogs = pgTable(
  'process_logs',
  {
    id: id(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    /** Stable per source record (the adapter derives one where the source has no id). */
    externalRecordId: text('external_record_id').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorExternalId: text('actor_external_id'),
    actorName: text('actor_name'),
    /** start, agree, refuse, redirect, comment, terminate, cc, … as the adapter normalises them. */
    action: text('action').notNull(),
    result: text('result'),
    remark: text('remark'),
    nodeName: text('node_name'),
    /** Whom the step concerned besides its actor: the cc recipients, a transfer's new approver. */
    targets: jsonb('targets').$type<LogTarget[]>().notNull().default([]),
    /** The step's place in the source's log, ordering steps of the same time (a cc logged with the start). */
    position: integer('position').notNull().default(0),
    occurredAt: tstz('occurred_at').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('process_logs_instance_record_uq').on(t.instanceId, t.externalRecordId),
    index('process_logs_instance_time_idx').on(t.instanceId, t.occurredAt),
  ],
);

/** A person a log step concerned, by the source's user id (named from identities when the source gives no name). */
export type LogTarget = { externalUserId: string; name?: string | null };

export type ProcessLog = typeof processLogs.$inferSelect;
