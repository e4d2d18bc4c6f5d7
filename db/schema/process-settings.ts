import { boolean, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { connectors } from './connectors';

/**
 * Admin settings (the mapping) per source process, keyed by connector + process code: included or not, display
 * name and category in Huiban, batch-approvable, which form fields make the inbox summary.
 */
export const processSettings = pgTable(
  'process_settings',
  {
    id: id(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    processCode: text('process_code').notNull(),
    /** Employees may agree several tasks of this process in one go from 待我处理. */
    batchApprovable: boolean('batch_approvable').notNull().default(false),
    /** False: events of this process are stored but not turned into tasks (the mapping "included"). */
    included: boolean('included').notNull().default(true),
    /** The name shown in Huiban instead of the source's process name; null = the source's. */
    displayName: text('display_name'),
    /** A grouping shown in Huiban (e.g. 财务, 人事); null = none. */
    category: text('category'),
    /** Form field names (labels) whose values make the inbox summary, in order; empty = the adapter's default. */
    summaryFields: jsonb('summary_fields').$type<string[]>().notNull().default([]),
    /** The process's SLA (due time and escalation, lib/sla/sla-rule.ts); null = tasks get no due date from it. */
    sla: jsonb('sla').$type<ProcessSla>(),
    ...timestamps,
  },
  (t) => [uniqueIndex('process_settings_connector_code_uq').on(t.connectorId, t.processCode)],
);

/** Working time from a task's arrival: hours, or working days (each the calendar's working-day length). */
export type SlaDuration = { amount: number; unit: 'hours' | 'days' };

/** Stored shape of a process SLA; validated by `processSlaSchema` (lib/sla/sla-rule.ts). */
export type ProcessSla = SlaDuration & {
  /** Remind the approver when this share (percent) of the time has passed; null = no reminder. */
  remindAtPercent: number | null;
  /** Notify the approver's manager (from the directory) once the task is overdue. */
  notifyManagerWhenOverdue: boolean;
  /** Local workflows: after this further period past due, transfer to the manager or act; null = nothing. */
  afterOverdue: (SlaDuration & { action: 'transfer' | 'agree' | 'refuse' }) | null;
};

export type ProcessSetting = typeof processSettings.$inferSelect;
