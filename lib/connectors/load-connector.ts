import { eq } from 'drizzle-orm';
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
