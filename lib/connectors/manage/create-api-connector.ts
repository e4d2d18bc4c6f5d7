import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { generateCallbackSecret } from '@/lib/connectors/api/callback-signature';
import { ensureCallbackSubscription } from '@/lib/connectors/api/ensure-callback-subscription';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import type { CreateApiConnectorInput } from './api-access-input';
import { type ConnectorDetail, toConnectorDetail } from './connector-view';
import { type AuditMeta, recordConnectorAudit } from './record-connector-audit';

/**
 * Creates an open-API connector (kind `api`): other systems push into it with its API keys. With a callback
 * URL, a signing secret is generated and returned once (`callbackSecret`), sealed at rest (invariant 6).
 */
export async function createApiConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  input: CreateApiConnectorInput,
  meta: AuditMeta = {},
): Promise<ConnectorDetail & { callbackSecret?: string }> {
  assertAdmin(viewer);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(connectors)
      .values({
        kind: 'api',
        name: input.name,
        config: input.callbackUrl ? { callbackUrl: input.callbackUrl } : {},
      })
      .returning();
    if (!inserted) throw new Error('connector insert failed');
    let callbackSecret: string | undefined;
    if (input.callbackUrl) {
      callbackSecret = generateCallbackSecret();
      await tx
        .update(connectors)
        .set({ secrets: sealSecrets({ callbackSecret }, getSecretsKey(), inserted.id) })
        .where(eq(connectors.id, inserted.id));
      await ensureCallbackSubscription(tx, inserted, input.callbackUrl);
    }
    await recordConnectorAudit(
      tx,
      viewer,
      'connector.create',
      inserted.id,
      { kind: 'api', name: input.name },
      meta,
    );
    const [row] = await tx.select().from(connectors).where(eq(connectors.id, inserted.id));
    if (!row) throw new Error('connector vanished');
    return { ...toConnectorDetail(row), ...(callbackSecret ? { callbackSecret } : {}) };
  });
}
