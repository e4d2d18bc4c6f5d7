import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
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

type CachedRuntime = { version: string; runtime: ConnectorRuntime; checkedAt: number };
const runtimeCache = new Map<string, CachedRuntime>();
const RUNTIME_CACHE_MAX = 256;

/** NOTIFYed with the connector id by a trigger on every change of a connector's settings, secrets or `enabled`. */
export const CONNECTOR_CHANGED_CHANNEL = 'huiban_connector_changed';
/** While listening, a cached connector is trusted without the version query for this long (bounds a missed NOTIFY). */
const TRUST_WHILE_LISTENING_MS = 30_000;
let isInvalidationLive = false;

/**
 * Makes this process's connector cache invalidate on change (LISTEN on CONNECTOR_CHANGED_CHANNEL), so the hot
 * path (the ingest listener) skips even the version query: an edit, a key rotation or a disable still takes
 * effect on the next request. Every (re)connection of the listener clears the cache, since NOTIFYs sent while it
 * was down are lost. Returns the stop function.
 */
export async function startConnectorCacheInvalidation(db: Db): Promise<() => Promise<void>> {
  const { unlisten } = await db.$client.listen(
    CONNECTOR_CHANGED_CHANNEL,
    (connectorId) => {
      runtimeCache.delete(connectorId);
    },
    () => {
      runtimeCache.clear();
      isInvalidationLive = true;
    },
  );
  return async () => {
    isInvalidationLive = false;
    await unlisten();
  };
}

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
  const trusted = runtimeCache.get(connectorId);
  if (isInvalidationLive && trusted && Date.now() - trusted.checkedAt < TRUST_WHILE_LISTENING_MS)
    return trusted.runtime;
  const [head] = await db
    .select({
      enabled: connectors.enabled,
      version: sql<string>`md5(${connectors.kind}::text || ${connectors.name} || coalesce(${connectors.corpId}, '') || ${connectors.config}::text || coalesce(${connectors.secrets}, ''))`,
    })
    .from(connectors)
    .where(eq(connectors.id, connectorId))
    .limit(1)
    // Prepared: one round trip per request instead of describe + execute.
    .prepare('connector_runtime_version')
    .execute();
  if (!head) {
    runtimeCache.delete(connectorId);
    return null;
  }
  const hit = runtimeCache.get(connectorId);
  if (hit?.version === head.version) {
    // A new object only when `enabled` changed: what callers derive from the runtime can be kept per object.
    if (hit.runtime.enabled !== head.enabled) hit.runtime = { ...hit.runtime, enabled: head.enabled };
    hit.checkedAt = Date.now();
    return hit.runtime;
  }
  const runtime = await unsafeLoadConnectorRuntime(db, connectorId);
  if (!runtime) return null;
  if (runtimeCache.size >= RUNTIME_CACHE_MAX) runtimeCache.clear();
  // Stored under the version read first: if the row changed in between, the next call simply reloads.
  runtimeCache.set(connectorId, { version: head.version, runtime, checkedAt: Date.now() });
  return runtime;
}

const derivations = new WeakMap<ConnectorRuntime, Map<(runtime: ConnectorRuntime) => unknown, unknown>>();

/**
 * `derive(runtime)` (a connector's parsed settings) computed once per runtime object: a cached runtime is one
 * object until its connector changes (unsafeLoadConnectorRuntimeCached), so the hot path does not re-parse
 * the same settings for every event, and a change is seen with the new object.
 */
export function derivedOnce<T>(runtime: ConnectorRuntime, derive: (runtime: ConnectorRuntime) => T): T {
  let byRuntime = derivations.get(runtime);
  if (!byRuntime) {
    byRuntime = new Map();
    derivations.set(runtime, byRuntime);
  }
  if (!byRuntime.has(derive)) byRuntime.set(derive, derive(runtime));
  return byRuntime.get(derive) as T;
}
