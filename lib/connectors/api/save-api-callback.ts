import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { unsafeOpenConnectorSecrets } from '../detail-base';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import type { SaveApiCallbackInput } from './admin-input';
import { generateCallbackSecret } from './callback-signature';
import { ensureCallbackSubscription } from './ensure-callback-subscription';
import { loadApiConnectorAsAdmin } from './load-api-connector';

/**
 * Sets (or clears) an `api` connector's callback URL. A signing secret is generated the first time, or when
 * `rotateSecret` asks, and returned in this answer only; it is sealed at rest (invariant 6).
 */
export async function saveApiCallbackAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  input: SaveApiCallbackInput,
  meta: AuditMeta = {},
): Promise<{ callbackUrl: string | null; secret?: string }> {
  return db.transaction(async (tx) => {
    const connector = await loadApiConnectorAsAdmin(tx, viewer, connectorId);
    let secrets: Record<string, string> = {};
    try {
      secrets = unsafeOpenConnectorSecrets(connector);
    } catch {
      // Unreadable (key changed): a new secret is issued below.
    }
    let secret: string | undefined;
    if (input.callbackUrl && (input.rotateSecret || !secrets.callbackSecret)) {
      secret = generateCallbackSecret();
      secrets = { ...secrets, callbackSecret: secret };
    }
    await tx
      .update(connectors)
      .set({
        config: sql`${connectors.config} || ${JSON.stringify({ callbackUrl: input.callbackUrl })}::jsonb`,
        secrets: sealSecrets(secrets, getSecretsKey(), connector.id),
      })
      .where(eq(connectors.id, connector.id));
    if (input.callbackUrl) await ensureCallbackSubscription(tx, connector, input.callbackUrl);
    await recordConnectorAudit(
      tx,
      viewer,
      'connector.callback.update',
      connectorId,
      { callbackUrl: input.callbackUrl, secretRotated: Boolean(secret) },
      meta,
    );
    return { callbackUrl: input.callbackUrl, ...(secret ? { secret } : {}) };
  });
}
