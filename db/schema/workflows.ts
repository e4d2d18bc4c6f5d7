import { boolean, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { users } from './users';

export type DingTalkTemplateRef = {
  connectorId: string;
  processCode: string;
  name: string;
  fieldCount: number;
  savedAt: string;
};

/** A local approval workflow designed in Huiban. Its runs live in process_instances/tasks (source 'local'). */
export const workflowDefinitions = pgTable(
  'workflow_definitions',
  {
    id: id(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    enabled: boolean('enabled').notNull().default(true),
    /** The version new instances start with; null until first published. */
    publishedVersion: integer('published_version'),
    /** The body the designer edits (a WorkflowBody, possibly invalid); publishing validates and freezes it. */
    draft: jsonb('draft').$type<unknown>(),
    /** Who may start it: `{ all: true }` or `{ userIds, departments }` (see lib/connectors/local/workflows/starters.ts). */
    starters: jsonb('starters').$type<unknown>().notNull().default({ all: true }),
    /**
     * The DingTalk approval template Huiban created from this definition's form (`POST /v1.0/workflow/forms`):
     * `{ connectorId, processCode, name, fieldCount, savedAt }`; null until an admin creates one.
     */
    dingtalkTemplate: jsonb('dingtalk_template').$type<DingTalkTemplateRef | null>(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('workflow_definitions_key_uq').on(t.key)],
);

/** An immutable published version: running instances keep the version they started with. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    id: id(),
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => workflowDefinitions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    formSchema: jsonb('form_schema').$type<unknown>().notNull(),
    steps: jsonb('steps').$type<unknown>().notNull(),
    /** WorkflowBody.options frozen with the version (mirror to DingTalk 待办, notify). */
    options: jsonb('options').$type<unknown>().notNull().default({}),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: tstz('published_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('workflow_versions_definition_version_uq').on(t.definitionId, t.version)],
);

export type WorkflowDefinition = typeof workflowDefinitions.$inferSelect;
export type WorkflowVersion = typeof workflowVersions.$inferSelect;
