import type { Db } from '@/db/client';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { ConnectorRuntime, DirectoryChange } from '@/lib/connectors/types';
import type { Logger } from '@/lib/log';
import { applyDirectoryProfile } from './apply-directory-profile';
import { markIdentityLeft } from './mark-identity-left';
import { isCreatingUsers } from './sync-directory';
import { updateManagers } from './update-managers';

/**
 * Incremental sync from contact events (user_add_org / user_modify_org / user_leave_org), in arrival order.
 * The source's own state wins (invariant 3): a joined or changed person is re-read through the adapter, so
 * the event's diff is only a hint; someone the source no longer knows is treated as having left.
 */
export async function applyDirectoryChanges(
  db: Db,
  connector: ConnectorRuntime,
  changes: DirectoryChange[],
  log: Logger,
): Promise<{ upserted: number; left: number }> {
  const adapter = getAdapter(connector.kind);
  const ctx = { db, connector, log };
  const touched = new Set<string>();
  let upserted = 0;
  let left = 0;
  for (const change of changes) {
    for (const externalUserId of change.externalUserIds) {
      const profile = change.action === 'upsert' ? await adapter.fetchUserProfile(ctx, externalUserId) : null;
      if (profile) {
        await applyDirectoryProfile(db, connector.id, profile, {
          createUsers: isCreatingUsers(connector.config),
        });
        touched.add(externalUserId);
        upserted += 1;
      } else {
        await markIdentityLeft(db, connector.id, externalUserId);
        left += 1;
      }
    }
  }
  // The changed people's managers, and the people who report to them (their manager may just have been linked).
  if (touched.size > 0) await updateManagers(db, connector.id);
  return { upserted, left };
}
