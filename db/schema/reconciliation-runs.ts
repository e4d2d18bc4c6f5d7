import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { connectors } from './connectors';

/**
 * One reconciliation pass (the scheduled job over every connector, or an admin's run for one): the drift
 * report's history. Its per-connector figures are in reconciliation_run_connectors.
 */
export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: id(),
    /** `schedule` (the cron job) or `manual` (asked for one connector). */
    trigger: text('trigger').notNull(),
    startedAt: tstz('started_at').notNull(),
    /** Null while the run is going (or when its worker died mid-run). */
    finishedAt: tstz('finished_at'),
  },
  (t) => [index('reconciliation_runs_started_idx').on(t.startedAt.desc())],
);

/** What reconciliation found about one instance; `instanceId` links the finding to the instance page. */
export type ReconcileFinding = {
  kind: 'missed' | 'stale' | 'orphaned' | 'error';
  externalId: string;
  instanceId: string | null;
};

/** One connector's part of a run: what was checked and each kind of drift repaired, with the instances touched. */
export const reconciliationRunConnectors = pgTable(
  'reconciliation_run_connectors',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => reconciliationRuns.id, { onDelete: 'cascade' }),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    /** Open instances re-fetched. */
    checked: integer('checked').notNull().default(0),
    missedCreated: integer('missed_created').notNull().default(0),
    staleRepaired: integer('stale_repaired').notNull().default(0),
    orphanedClosed: integer('orphaned_closed').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    stuckEventsRequeued: integer('stuck_events_requeued').notNull().default(0),
    /** Set when the connector could not be reconciled at all (`cannot_reconcile`: a push-only connector). */
    skipped: text('skipped'),
    findings: jsonb('findings').$type<ReconcileFinding[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.connectorId] }),
    // The health page's latest run per connector and the drift trend per day.
    index('reconciliation_run_connectors_connector_idx').on(t.connectorId, t.startedAt.desc()),
  ],
);

export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
export type ReconciliationRunConnector = typeof reconciliationRunConnectors.$inferSelect;
