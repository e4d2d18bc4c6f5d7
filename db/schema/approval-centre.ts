import { integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { connectors } from './connectors';
import { workflowDefinitions } from './workflows';

/**
 * The DingTalk process-centre template (approval centre, dingtalk-api.md §5.10) registered for a local
 * workflow on a DingTalk connector: one per workflow × connector, re-saved with its processCode when a newer
 * published version changes the form. `lastError` is the last registration failure (shown on the workflow's
 * admin page), cleared by the next success.
 */
export const approvalCentreTemplates = pgTable(
  'approval_centre_templates',
  {
    id: id(),
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => workflowDefinitions.id, { onDelete: 'cascade' }),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    /** The template's name in DingTalk (unique per org: how a lost answer is found again). */
    name: text('name').notNull(),
    processCode: text('process_code'),
    /** The published version whose form the template shows. */
    version: integer('version'),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [uniqueIndex('approval_centre_templates_def_conn_uq').on(t.definitionId, t.connectorId)],
);

export type ApprovalCentreTemplate = typeof approvalCentreTemplates.$inferSelect;
