import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import type { ApiKeyView, CreateApiKeyInput } from './admin-input';
import { loadApiConnectorAsAdmin } from './load-api-connector';

/**
 * Issues an API key for an `api` connector. The key is returned here once and never again: only its sha256
 * (what the route() wrapper looks up) and a short prefix (to tell keys apart) are stored.
 */
export async function createApiKeyAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  input: CreateApiKeyInput,
  meta: AuditMeta = {},
): Promise<ApiKeyView & { key: string }> {
  return db.transaction(async (tx) => {
    await loadApiConnectorAsAdmin(tx, viewer, connectorId);
    const key = `hbk_${randomBytes(30).toString('base64url')}`;
    const [row] = await tx
      .insert(apiKeys)
      .values({
        connectorId,
        name: input.name,
        prefix: key.slice(0, 12),
        keyHash: createHash('sha256').update(key).digest('hex'),
        createdBy: viewer.userId,
      })
      .returning();
    if (!row) throw new Error('api key insert failed');
    await recordConnectorAudit(
      tx,
      viewer,
      'connector.api_key.create',
      connectorId,
      { keyId: row.id, name: row.name, prefix: row.prefix },
      meta,
    );
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      key,
    };
  });
}
