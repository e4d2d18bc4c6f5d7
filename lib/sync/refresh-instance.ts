import type { Db } from '@/db/client';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { ConnectorRuntime } from '@/lib/connectors/types';
import type { Logger } from '@/lib/log';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { isProcessExcluded } from './is-process-excluded';
import { storedProcessCode } from './stored-process-code';

/**
 * Fetches the source's current state of one instance and applies it (invariant 3). Used after events and
 * after a write-back, so Huiban's rows follow the source.
 */
export async function refreshInstance(
  db: Db,
  connector: ConnectorRuntime,
  instanceExternalId: string,
  options: { log: Logger; processCode?: string | null },
): Promise<'applied' | 'not-found' | 'excluded'> {
  const ctx = { db, connector, log: options.log };
  const processCode = options.processCode || (await storedProcessCode(db, connector.id, instanceExternalId));
  const snapshot = await getAdapter(connector.kind).fetchSnapshot(ctx, instanceExternalId, { processCode });
  if (!snapshot) return 'not-found';
  // An excluded process (the mapping) is not ingested, by reconciliation either.
  if (snapshot.processCode && (await isProcessExcluded(db, connector.id, snapshot.processCode)))
    return 'excluded';
  await applySnapshot(db, { connectorId: connector.id, source: connector.kind, snapshot });
  return 'applied';
}
