import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reconciliationRunConnectors, reconciliationRuns } from '@/db/schema';
import type { Logger } from '@/lib/log';
import { type ReconcileOptions, type ReconcileSummary, reconcileConnector } from './reconcile-connector';

export type ReconcileRunResult = { runId: string; connectors: Record<string, ReconcileSummary> };

/**
 * One reconciliation pass over the given connectors, stored as the drift report's history: the run, then per
 * connector what was checked and repaired and the instances touched (the health page lists them). A connector
 * that fails as a whole counts one error and the run goes on with the next.
 */
export async function runReconciliation(
  db: Db,
  input: { connectorIds: string[]; trigger: 'schedule' | 'manual' },
  options: Omit<ReconcileOptions, 'log'> & { log: Logger },
): Promise<ReconcileRunResult> {
  const [run] = await db
    .insert(reconciliationRuns)
    .values({ trigger: input.trigger, startedAt: new Date() })
    .returning({ id: reconciliationRuns.id });
  if (!run) throw new Error('reconciliation run not stored');
  const result: ReconcileRunResult = { runId: run.id, connectors: {} };
  for (const connectorId of input.connectorIds) {
    const startedAt = new Date();
    let summary: ReconcileSummary;
    try {
      summary = await reconcileConnector(db, connectorId, options);
    } catch (error) {
      options.log.warn({ err: error, connectorId }, 'reconcile: connector failed');
      summary = {
        openChecked: 0,
        missedCreated: 0,
        staleRepaired: 0,
        goneAtSource: 0,
        orphanedClosed: 0,
        stuckEventsRequeued: 0,
        errors: 1,
        findings: [],
      };
    }
    result.connectors[connectorId] = summary;
    if (summary.skipped === 'disabled') continue;
    await db.insert(reconciliationRunConnectors).values({
      runId: run.id,
      connectorId,
      startedAt,
      finishedAt: new Date(),
      checked: summary.openChecked,
      missedCreated: summary.missedCreated,
      staleRepaired: summary.staleRepaired,
      orphanedClosed: summary.orphanedClosed,
      errors: summary.errors,
      stuckEventsRequeued: summary.stuckEventsRequeued,
      skipped: summary.skipped ?? null,
      findings: summary.findings,
    });
  }
  await db
    .update(reconciliationRuns)
    .set({ finishedAt: new Date() })
    .where(eq(reconciliationRuns.id, run.id));
  return result;
}
