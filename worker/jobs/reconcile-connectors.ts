import { reconcilableKinds } from '@/lib/connectors/registry/capabilities';
import { listEnabledConnectorIds } from '@/lib/connectors/update-connector-health';
import { reconcileConnector } from '@/lib/sync/reconcile-connector';
import type { JobHandler } from '../job-handler';

/** Scheduled drift repair for every enabled source connector (or one, when asked). */
export const handleReconcileConnectors: JobHandler<'reconcile-connectors'> = async ({ connectorId }, ctx) => {
  const ids = connectorId
    ? [connectorId]
    : (await listEnabledConnectorIds(ctx.db, reconcilableKinds())).map((c) => c.id);
  for (const id of ids) await reconcileConnector(ctx.db, id, { log: ctx.log });
};
