import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { users } from './users';
import { workflowDefinitions, workflowVersions } from './workflows';

/**
 * The engine state of one local workflow instance (lib/connectors/local/engine.ts). `id` is the instance's
 * external id in process_instances (source 'local'). Every transition is a guarded
 * `UPDATE … WHERE version = <read version>` in the same transaction as its effects and its snapshot.
 */
export const localRuns = pgTable(
  'local_runs',
  {
    id: id(),
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => workflowDefinitions.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => workflowVersions.id, { onDelete: 'cascade' }),
    originatorUserId: uuid('originator_user_id')
      .notNull()
      .references(() => users.id),
    /** The submitted form values, validated against the version's form. */
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    /**
     * The DingTalk department (dept id) the originator chose to apply as, when they belong to several; sent as
     * `deptId` by the run's DingTalk-approval steps. Null: their only department (or the root, -1, when unknown).
     */
    dingtalkDeptId: text('dingtalk_dept_id'),
    /** EngineState (lib/connectors/local/engine.ts). */
    state: jsonb('state').$type<unknown>().notNull(),
    /** running · completed · refused · revoked · cancelled · errored (copied from state for queries). */
    status: text('status').notNull(),
    /** Optimistic concurrency: incremented by every transition. */
    version: integer('version').notNull().default(0),
    ...timestamps,
  },
  (t) => [index('local_runs_status_idx').on(t.status, t.updatedAt)],
);

/**
 * One external effect of a transition (start a DingTalk instance, call a webhook, mirror a 待办, send a work
 * notice), inserted with its job in the transition's transaction. Unique per (run, key): a replayed
 * transition cannot create it twice, and the job skips an effect that is already `done`.
 */
export const localEffects = pgTable(
  'local_effects',
  {
    id: id(),
    runId: uuid('run_id')
      .notNull()
      .references(() => localRuns.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** pending → calling (the outbound call may have been made) → done | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    result: jsonb('result').$type<Record<string, unknown>>(),
    /**
     * What a multi-call effect already did, kept across retries so a retry reuses it instead of repeating it
     * (startDingTalk: the files already committed to DingTalk's approval space, by upload id).
     */
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [uniqueIndex('local_effects_run_key_uq').on(t.runId, t.key)],
);

/**
 * Business ↔ DingTalk instance relation (a local step that runs as a DingTalk approval): which local step started which DingTalk instance. The
 * link is resumed once: `resumed_at` is set by the guarded update that enqueues the resume job.
 */
export const localDingtalkLinks = pgTable(
  'local_dingtalk_links',
  {
    id: id(),
    runId: uuid('run_id')
      .notNull()
      .references(() => localRuns.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    processCode: text('process_code').notNull(),
    dingtalkInstanceId: text('dingtalk_instance_id').notNull(),
    /** agree / refuse once DingTalk finished it. */
    result: text('result'),
    finishedAt: tstz('finished_at'),
    resumedAt: tstz('resumed_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('local_dingtalk_links_instance_uq').on(t.connectorId, t.dingtalkInstanceId),
    uniqueIndex('local_dingtalk_links_step_uq').on(t.runId, t.stepId),
  ],
);

export type LocalRun = typeof localRuns.$inferSelect;
export type LocalEffect = typeof localEffects.$inferSelect;
export type LocalDingtalkLink = typeof localDingtalkLinks.$inferSelect;
