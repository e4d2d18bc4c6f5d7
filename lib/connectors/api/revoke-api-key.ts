import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import { loadApiConnectorAsAdmin } from './load-api-connector';

/** Revokes a key of this connector: the next request with it is 401. Revoking twice is harmless. */
export async function revokeApiKeyAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  keyId: string,
  meta: AuditMeta = {},
): Promise<{ id: string; revokedAt: string }> {
  return db.transaction(async (tx) => {
    await loadApiConnectorAsAdmin(tx, viewer, connectorId);
    const [key] = await tx
      .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.connectorId, connectorId)));
    if (!key) throw new AppError('not_found', 'API 密钥不存在');
    if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt.toISOString() };
    const revokedAt = new Date();
    await tx
      .update(apiKeys)
      .set({ revokedAt })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
    await recordConnectorAudit(tx, viewer, 'connector.api_key.revoke', connectorId, { keyId }, meta);
    return { id: key.id, revokedAt: revokedAt.toISOString() };
  });
}
