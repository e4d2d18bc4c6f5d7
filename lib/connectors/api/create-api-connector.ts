import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import { type CreateApiConnectorInput, createApiConnectorSchema } from './admin-input';
import { type ApiConnectorDetail, toApiConnectorDetail } from './admin-view';
import { generateCallbackSecret } from './callback-signature';
import { ensureCallbackSubscription } from './ensure-callback-subscription';

/**
 * Creates an open-API connector (kind `api`): other systems push into it with its API keys. With a callback
 * URL, a signing secret is generated and returned once (`callbackSecret`), sealed at rest (invariant 6).
 */
export async function createApiConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  input: CreateApiConnectorInput,
  meta: AuditMeta = {},
): Promise<ApiConnectorDetail & { callbackSecret?: string }> {
  assertAdmin(viewer);
  const parsed = createApiConnectorSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error, 'body');
  const data = parsed.data;
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(connectors)
      .values({
        kind: 'api',
        name: data.name,
        config: data.callbackUrl ? { callbackUrl: data.callbackUrl } : {},
      })
      .returning();
    if (!inserted) throw new Error('connector insert failed');
    let callbackSecret: string | undefined;
    if (data.callbackUrl) {
      callbackSecret = generateCallbackSecret();
      await tx
        .update(connectors)
        .set({ secrets: sealSecrets({ callbackSecret }, getSecretsKey(), inserted.id) })
        .where(eq(connectors.id, inserted.id));
      await ensureCallbackSubscription(tx, inserted, data.callbackUrl);
    }
    await recordConnectorAudit(
      tx,
      viewer,
      'connector.create',
      inserted.id,
      { kind: 'api', name: data.name },
      meta,
    );
    const [row] = await tx.select().from(connectors).where(eq(connectors.id, inserted.id));
    if (!row) throw new Error('connector vanished');
    return { ...toApiConnectorDetail(row), ...(callbackSecret ? { callbackSecret } : {}) };
  });
}
