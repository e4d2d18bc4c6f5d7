import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectorKind, connectors } from './connectors';
import { users } from './users';

export const instanceStatus = pgEnum('instance_status', [
  'running',
  'completed',
  'terminated',
  'cancelled',
  'deleted',
]);
export const instanceResult = pgEnum('instance_result', ['agree', 'refuse']);

/** One form field as Huiban shows it, whatever the source's component type. */
export type FormValue = { id?: string; name: string; type: string; value: unknown; display?: string };

/** One approval instance from any source. Written only by applySnapshot() (invariant 4). */
export const processInstances = pgTable(
  'process_instances',
  {
    id: id(),
    source: connectorKind('source').notNull(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    processCode: text('process_code'),
    processName: text('process_name'),
    title: text('title').notNull(),
    originatorUserId: uuid('originator_user_id').references(() => users.id, { onDelete: 'set null' }),
    originatorExternalId: text('originator_external_id'),
    originatorName: text('originator_name'),
    status: instanceStatus('status').notNull(),
    result: instanceResult('result'),
    formValues: jsonb('form_values').$type<FormValue[]>().notNull().default([]),
    /** Short text shown in the inbox (chosen form fields), also searched. */
    summary: text('summary'),
    pcUrl: text('pc_url'),
    mobileUrl: text('mobile_url'),
    sourceCreatedAt: tstz('source_created_at').notNull(),
    sourceFinishedAt: tstz('source_finished_at'),
    /** The source time of the snapshot last applied: an older snapshot never overwrites a newer one. */
    sourceUpdatedAt: tstz('source_updated_at').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('process_instances_connector_external_uq').on(t.connectorId, t.externalId),
    // 我发起的: instances I originated, newest first, keyset-paged by (created, id).
    index('process_instances_originator_idx').on(t.originatorUserId, t.sourceCreatedAt.desc(), t.id),
    index('process_instances_status_idx').on(t.connectorId, t.status, t.sourceUpdatedAt),
  ],
);

export type ProcessInstance = typeof processInstances.$inferSelect;
