import { and, eq, notInArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type DirectorySyncStats, directorySyncs, identities } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { Logger } from '@/lib/log';
import { applyDirectoryProfile } from './apply-directory-profile';
import { markIdentityLeft } from './mark-identity-left';
import { updateManagers } from './update-managers';

export type SyncDirectoryResult =
  | { status: 'succeeded'; syncId: string; stats: DirectorySyncStats }
  | { status: 'failed'; syncId: string; error: string }
  | { status: 'unsupported' };

/** Admin setting (connector config, default off): unmatched directory people get a Huiban account. */
export function isCreatingUsers(config: Record<string, unknown>): boolean {
  return config.directoryCreateUsers === true;
}

/**
 * Full directory sync of one connector (docs/identities.md): every person the source lists becomes an
 * identity (created or refreshed, linked to a Huiban user when one matches), people no longer listed are
 * marked as left, then managers are set. Recorded in `directory_syncs` with what it changed. Idempotent: a
 * second run over an unchanged directory changes nothing.
 */
export async function syncDirectory(
  db: Db,
  input: { connectorId: string; trigger: 'manual' | 'schedule' },
  log: Logger,
): Promise<SyncDirectoryResult> {
  const connector = await unsafeLoadConnectorRuntime(db, input.connectorId);
  const adapter = connector ? getAdapter(connector.kind) : null;
  if (!connector || !adapter?.listDirectory) return { status: 'unsupported' };
  const [run] = await db
    .insert(directorySyncs)
    .values({ connectorId: connector.id, trigger: input.trigger })
    .returning({ id: directorySyncs.id });
  if (!run) throw new Error('directory_syncs insert returned nothing');
  const stats: DirectorySyncStats = {
    people: 0,
    created: 0,
    updated: 0,
    linked: 0,
    left: 0,
    managersSet: 0,
    usersCreated: 0,
  };
  try {
    const people = await adapter.listDirectory({ db, connector, log });
    stats.people = people.length;
    const createUsers = isCreatingUsers(connector.config);
    for (const profile of people) {
      const applied = await applyDirectoryProfile(db, connector.id, profile, { createUsers });
      if (applied.isNew) stats.created += 1;
      else stats.updated += 1;
      if (applied.linkedBy) stats.linked += 1;
      if (applied.userCreated) stats.usersCreated += 1;
    }
    // Anyone active here but no longer in the directory has left (a missed user_leave_org).
    const listed = people.map((p) => p.externalUserId);
    const gone = await db
      .select({ externalUserId: identities.externalUserId })
      .from(identities)
      .where(
        and(
          eq(identities.connectorId, connector.id),
          eq(identities.active, true),
          listed.length > 0 ? notInArray(identities.externalUserId, listed) : undefined,
        ),
      );
    for (const g of gone) {
      await markIdentityLeft(db, connector.id, g.externalUserId);
      stats.left += 1;
    }
    stats.managersSet = await updateManagers(db, connector.id);
    await db
      .update(directorySyncs)
      .set({ status: 'succeeded', stats, finishedAt: new Date() })
      .where(eq(directorySyncs.id, run.id));
    log.info({ connectorId: connector.id, ...stats }, 'directory synced');
    return { status: 'succeeded', syncId: run.id, stats };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await db
      .update(directorySyncs)
      .set({ status: 'failed', stats, error: message, finishedAt: new Date() })
      .where(eq(directorySyncs.id, run.id));
    log.warn({ connectorId: connector.id, error: message }, 'directory sync failed');
    return { status: 'failed', syncId: run.id, error: message };
  }
}
