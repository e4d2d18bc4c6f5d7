import { reconcilableKinds } from '@/lib/connectors/registry/capabilities';
import { listEnabledConnectorIds } from '@/lib/connectors/update-connector-health';
import { runReconciliation } from '@/lib/sync/reconcile-run';
import type { JobHandler } from '../job-handler';

/** Scheduled drift repair for every enabled source connector (or one, when asked), stored as one run. */
export const handleReconcileConnectors: JobHandler<'reconcile-connectors'> = async (
  { connectorId, trigger },
  ctx,
) => {
  const ids = connectorId
    ? [connectorId]
    : (await listEnabledConnectorIds(ctx.db, reconcilableKinds())).map((c) => c.id);
  await runReconciliation(
    ctx.db,
    { connectorIds: ids, trigger: trigger ?? (connectorId ? 'manual' : 'schedule') },
    { log: ctx.log },
  );
};
