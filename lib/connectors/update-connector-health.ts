import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { type ConnectorHealth, connectors } from '@/db/schema';
import type { ConnectorKind } from './kinds';

/** Merges health facts (stream state, last event, last error) into a connector's health column. */
export async function updateConnectorHealth(
  db: DbOrTx,
  connectorId: string,
  patch: ConnectorHealth,
): Promise<void> {
  await db
    .update(connectors)
    .set({ health: sql`${connectors.health} || ${JSON.stringify(patch)}::jsonb` })
    .where(eq(connectors.id, connectorId));
}

/**
 * Enabled connectors of some kinds (a capability's kinds, from the registry), with a version that changes when their settings do (not when health does).
 * Ids only: adapters load secrets through unsafeLoadConnectorRuntime.
 */
export async function listEnabledConnectorIds(
  db: DbOrTx,
  kinds: readonly ConnectorKind[],
): Promise<{ id: string; version: string }[]> {
  return db
    .select({
      id: connectors.id,
      version: sql<string>`md5(${connectors.config}::text || coalesce(${connectors.secrets}, '') || coalesce(${connectors.corpId}, ''))`,
    })
    .from(connectors)
    .where(and(inArray(connectors.kind, [...kinds]), eq(connectors.enabled, true)));
}
