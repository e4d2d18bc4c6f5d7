import { directoryKinds } from '@/lib/connectors/registry/capabilities';
import { listEnabledConnectorIds } from '@/lib/connectors/update-connector-health';
import { syncDirectory } from '@/lib/people/sync-directory';
import type { JobHandler } from '../job-handler';

/** Full directory sync of one connector, or of every enabled connector whose source has a directory (docs/identities.md). */
export const handleSyncDirectory: JobHandler<'sync-directory'> = async ({ connectorId, trigger }, ctx) => {
  const ids = connectorId
    ? [connectorId]
    : (await listEnabledConnectorIds(ctx.db, directoryKinds())).map((c) => c.id);
  for (const id of ids) await syncDirectory(ctx.db, { connectorId: id, trigger }, ctx.log);
};
