import { integer, jsonb, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { users } from './users';

export const adminOperationKind = pgEnum('admin_operation_kind', ['replay', 'resync']);
export const adminOperationStatus = pgEnum('admin_operation_status', ['queued', 'running', 'done', 'failed']);

/**
 * A long admin operation run by the worker (`run-admin-operation`): a replay of stored inbound events or a
 * resync of instances from their source. The page polls the row for progress (`done` of `total`) and shows
 * `result` when it ends.
 */
export const adminOperations = pgTable('admin_operations', {
  id: id(),
  kind: adminOperationKind('kind').notNull(),
  /** What to do: the replay's event filter or the resync's connector/instance/window (zod in lib/operations). */
  params: jsonb('params').$type<Record<string, unknown>>().notNull(),
  status: adminOperationStatus('status').notNull().default('queued'),
  total: integer('total'),
  done: integer('done').notNull().default(0),
  /** Items of this operation that failed (the operation itself still completes). */
  failed: integer('failed').notNull().default(0),
  result: jsonb('result').$type<Record<string, unknown>>(),
  error: text('error'),
  createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  startedAt: tstz('started_at'),
  finishedAt: tstz('finished_at'),
  ...timestamps,
});

export type AdminOperation = typeof adminOperations.$inferSelect;

/**
 * Source API calls per connector per calendar month (UTC, `YYYY-MM`), metered by the DingTalk HTTP client, for
 * the quota figure on the sync-health page.
 */
export const connectorApiUsage = pgTable(
  'connector_api_usage',
  {
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    calls: integer('calls').notNull().default(0),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectorId, t.month] })],
);
