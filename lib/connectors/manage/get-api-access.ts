import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import type { ApiAccessView } from './api-access-input';
import { unsafeOpenConnectorSecrets } from './connector-view';
import { loadApiConnectorAsAdmin } from './load-api-connector';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The keys (prefix, last used, revoked) and callback settings of an `api` connector; no secret values. */
export async function getApiAccessAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
): Promise<ApiAccessView> {
  const connector = await loadApiConnectorAsAdmin(db, viewer, connectorId);
  const keys = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.connectorId, connectorId))
    .orderBy(desc(apiKeys.createdAt));
  let secretSet = false;
  try {
    secretSet = Boolean(unsafeOpenConnectorSecrets(connector).callbackSecret);
  } catch {
    secretSet = false;
  }
  return {
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: iso(k.lastUsedAt),
      revokedAt: iso(k.revokedAt),
    })),
    callback: {
      url: typeof connector.config.callbackUrl === 'string' ? connector.config.callbackUrl : null,
      secretSet,
    },
  };
}
