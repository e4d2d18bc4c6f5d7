import { jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { users } from './users';

/** One form component as Huiban compares template schemas: DingTalk's component id, label and type. */
export type TemplateSchemaField = { id: string; label: string; type: string };

/** What changed between the acknowledged schema and the latest one DingTalk gave. */
export type TemplateSchemaChanges = {
  added: TemplateSchemaField[];
  removed: TemplateSchemaField[];
  renamed: { id: string; from: string; to: string }[];
  retyped: { id: string; label: string; from: string; to: string }[];
};

/**
 * The schema of a DingTalk template Huiban maps (its instances come in, or a local workflow step starts it),
 * keyed by connector + processCode. `hash`/`fields` are the schema an admin last accepted (the first fetch is
 * accepted as is); a later fetch with another hash stores `latest_hash`/`latest_fields`, what changed, and
 * `stale_since`, until an admin acknowledges it (lib/connectors/dingtalk/track-template-schema.ts).
 */
export const dingtalkTemplateSchemas = pgTable(
  'dingtalk_template_schemas',
  {
    id: id(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    processCode: text('process_code').notNull(),
    name: text('name'),
    hash: text('hash').notNull(),
    fields: jsonb('fields').$type<TemplateSchemaField[]>().notNull(),
    latestHash: text('latest_hash').notNull(),
    latestFields: jsonb('latest_fields').$type<TemplateSchemaField[]>().notNull(),
    changes: jsonb('changes').$type<TemplateSchemaChanges | null>(),
    /** Set while the latest schema differs from the acknowledged one. */
    staleSince: tstz('stale_since'),
    checkedAt: tstz('checked_at').notNull().defaultNow(),
    acknowledgedAt: tstz('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('dingtalk_template_schemas_connector_code_uq').on(t.connectorId, t.processCode)],
);

export type DingTalkTemplateSchema = typeof dingtalkTemplateSchemas.$inferSelect;
