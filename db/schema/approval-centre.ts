import { bigint, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { connectors } from './connectors';
import { processInstances } from './process-instances';
import { tasks } from './tasks';
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

/**
 * The process-centre template of an open-API connector's process (its `processCode`, or '' when instances carry
 * none) on a DingTalk connector: one per source connector × process × DingTalk connector. Found again by its
 * name (unique per org) when the answer to the registration was lost.
 */
export const sourceApprovalCentreTemplates = pgTable(
  'source_approval_centre_templates',
  {
    id: id(),
    sourceConnectorId: uuid('source_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    /** The instances' process code ('' when they carry none). */
    processKey: text('process_key').notNull(),
    dingtalkConnectorId: uuid('dingtalk_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    processCode: text('process_code'),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('source_approval_centre_templates_uq').on(
      t.sourceConnectorId,
      t.processKey,
      t.dingtalkConnectorId,
    ),
  ],
);

/**
 * An open-API instance in DingTalk's approval centre (§5.10). creating: claimed, the create call may or may not
 * have reached DingTalk · created: `pc_instance_id` stored (before any task is created, so a retry never leaves
 * an empty instance) · finished: COMPLETED or TERMINATED in DingTalk · failed: a call that cannot succeed.
 */
export const sourceApprovalCentreInstances = pgTable(
  'source_approval_centre_instances',
  {
    id: id(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    dingtalkConnectorId: uuid('dingtalk_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    state: text('state').notNull(),
    processCode: text('process_code'),
    pcInstanceId: text('pc_instance_id'),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [uniqueIndex('source_approval_centre_instances_uq').on(t.instanceId)],
);

/**
 * One process-centre task per approval task of such an instance (activityId = `<task id>@<instance id>`, how a
 * task whose answer was lost is found among its assignee's todoTasks). creating · created · updated (COMPLETED
 * or CANCELED in DingTalk) · failed.
 */
export const sourceApprovalCentreTasks = pgTable(
  'source_approval_centre_tasks',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    centreInstanceId: uuid('centre_instance_id')
      .notNull()
      .references(() => sourceApprovalCentreInstances.id, { onDelete: 'cascade' }),
    dingtalkUserId: text('dingtalk_user_id').notNull(),
    state: text('state').notNull(),
    pcTaskId: bigint('pc_task_id', { mode: 'number' }),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [uniqueIndex('source_approval_centre_tasks_uq').on(t.taskId)],
);
