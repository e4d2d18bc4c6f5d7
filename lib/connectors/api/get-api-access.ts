import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiKeys, deliveries } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { unsafeOpenConnectorSecrets } from '../detail-base';
import type { ApiAccessView } from './admin-input';
import { apiNoticesOf } from './api-notice-policy';
import { loadApiConnectorAsAdmin } from './load-api-connector';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const DELIVERY_LOG_SIZE = 20;

/**
 * The keys (prefix, last used, revoked), callback settings and latest callback deliveries of an `api`
 * connector; no secret values.
 */
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
  const subscriptionId = connector.config.callbackSubscriptionId;
  const log =
    typeof subscriptionId === 'string'
      ? await db
          .select()
          .from(deliveries)
          .where(eq(deliveries.subscriptionId, subscriptionId))
          .orderBy(desc(deliveries.updatedAt))
          .limit(DELIVERY_LOG_SIZE)
      : [];
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
    notices: apiNoticesOf(connector.config),
    deliveries: log.map((d) => {
      const payload = (d.payload ?? {}) as {
        deliveryId?: string;
        action?: string;
        instanceExternalId?: string;
      };
      return {
        id: d.id,
        deliveryId: payload.deliveryId ?? d.eventKey,
        action: payload.action ?? d.eventType,
        instanceExternalId: payload.instanceExternalId ?? '',
        status: d.status,
        attempts: d.attempts,
        responseStatus: d.responseStatus,
        lastError: d.lastError,
        updatedAt: d.updatedAt.toISOString(),
      };
    }),
  };
}
