import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { getSecretsKey, openSecrets } from '@/lib/crypto/secrets';
import type { ConnectorRuntime } from './types';

/**
 * Loads a connector with its secrets decrypted, for adapters in the worker and the callback routes.
 * `unsafe`: it returns secrets; never pass the result to a client or a log.
 */
export async function unsafeLoadConnectorRuntime(
  db: DbOrTx,
  connectorId: string,
): Promise<ConnectorRuntime | null> {
  const [row] = await db.select().from(connectors).where(eq(connectors.id, connectorId)).limit(1);
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    corpId: row.corpId,
    config: row.config,
    // Invariant 6: secrets are bound to their connector id as AES-GCM associated data.
    secrets: row.secrets ? openSecrets(row.secrets, getSecretsKey(), row.id) : {},
    enabled: row.enabled,
  };
}

type CachedRuntime = { version: string; runtime: ConnectorRuntime };
const runtimeCache = new Map<string, CachedRuntime>();
const RUNTIME_CACHE_MAX = 256;

/**
 * unsafeLoadConnectorRuntime for hot paths (the HTTP callback route, once per event): each call reads only the
 * connector's version (a hash of its settings and sealed secrets) and `enabled`, and decrypts again only when
 * the version changed, so an edit, a key rotation or a disable takes effect on the next request, in every
 * process. The decrypted secrets stay in this process's memory, as they would for the duration of a request.
 */
export async function unsafeLoadConnectorRuntimeCached(
  db: DbOrTx,
  connectorId: string,
): Promise<ConnectorRuntime | null> {
  const [head] = await db
    .select({
      enabled: connectors.enabled,
      version: sql<string>`md5(${connectors.kind}::text || ${connectors.name} || coalesce(${connectors.corpId}, '') || ${connectors.config}::text || coalesce(${connectors.secrets}, ''))`,
    })
    .from(connectors)
    .where(eq(connectors.id, connectorId))
    .limit(1);
  if (!head) {
    runtimeCache.delete(connectorId);
    return null;
  }
  const hit = runtimeCache.get(connectorId);
  if (hit?.version === head.version) return { ...hit.runtime, enabled: head.enabled };
  const runtime = await unsafeLoadConnectorRuntime(db, connectorId);
  if (!runtime) return null;
  if (runtimeCache.size >= RUNTIME_CACHE_MAX) runtimeCache.clear();
  // Stored under the version read first: if the row changed in between, the next call simply reloads.
  runtimeCache.set(connectorId, { version: head.version, runtime });
  return runtime;
}
