import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Connector, connectors } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { assertConnectorHostChange } from '@/lib/security/connector-host-change';
import { unsafeOpenConnectorSecrets } from './detail-base';
import type { ConnectorKind } from './kinds';
import { type AuditMeta, recordConnectorAudit } from './record-connector-audit';

/** What a kind makes of its update input, given the locked row and the secrets it had. */
export type ConnectorUpdatePlan = {
  config: Record<string, unknown>;
  /** The whole new set of secrets (kept ones and replaced ones). */
  secrets: Record<string, string>;
  /** The config keys whose change the audit names. */
  auditedFields: readonly string[];
  /** Names of the secrets this request replaced. */
  secretsReplaced: string[];
};

/**
 * The update every kind shares: lock the connector row of that kind, open its secrets (unreadable after a key
 * change: none are kept, the kind decides what it then requires), let the kind plan the new config and
 * secrets, refuse a host change without every secret entered again, write, and audit names only
 * (invariant 6: secret values never reach the audit log).
 */
export async function updateConnectorRow(
  db: Db,
  viewer: Viewer,
  target: { connectorId: string; kind: ConnectorKind; notFound: string; meta: AuditMeta },
  fields: { name?: string; corpId?: string },
  plan: (current: Connector, storedSecrets: Record<string, string>) => ConnectorUpdatePlan,
): Promise<Connector> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(connectors)
      .where(eq(connectors.id, target.connectorId))
      .for('update')
      .limit(1);
    if (current?.kind !== target.kind) throw new AppError('not_found', target.notFound);
    let storedSecrets: Record<string, string>;
    try {
      storedSecrets = unsafeOpenConnectorSecrets(current);
    } catch {
      storedSecrets = {};
    }
    const { config, secrets, auditedFields, secretsReplaced } = plan(current, storedSecrets);
    const changed = [
      ...(fields.name !== undefined && fields.name !== current.name ? ['name'] : []),
      ...(fields.corpId !== undefined && fields.corpId !== current.corpId ? ['corpId'] : []),
      ...auditedFields.filter((f) => JSON.stringify(config[f]) !== JSON.stringify(current.config[f])),
    ];
    const hostsChanged = await assertConnectorHostChange({
      before: current.config,
      after: config,
      storedSecrets: Object.keys(secrets),
      enteredSecrets: secretsReplaced,
    });
    const [row] = await tx
      .update(connectors)
      .set({
        name: fields.name ?? current.name,
        corpId: fields.corpId ?? current.corpId,
        config,
        secrets: sealSecrets(secrets, getSecretsKey(), current.id),
      })
      .where(eq(connectors.id, current.id))
      .returning();
    if (!row) throw new Error('connector update returned no row');
    await recordConnectorAudit(
      tx,
      viewer,
      'connector.update',
      row.id,
      { changed, secretsReplaced, ...(hostsChanged.length ? { hostsChanged } : {}) },
      target.meta,
    );
    return row;
  });
}
