import type { Connector, ConnectorHealth } from '@/db/schema';
import { getSecretsKey, openSecrets } from '@/lib/crypto/secrets';
import type { ConnectorKind } from './kinds';

/**
 * What every connector's admin view has, whatever its kind. Invariant 6: secrets appear only as "is set"
 * flags in a kind's part; the values never leave the server.
 */
export type ConnectorDetailBase<K extends ConnectorKind = ConnectorKind> = {
  id: string;
  kind: K;
  name: string;
  corpId: string | null;
  enabled: boolean;
  /** True when stored secrets cannot be opened (e.g. HUIBAN_SECRETS_KEY changed); admins must re-enter them. */
  secretsUnreadable: boolean;
  health: ConnectorHealth;
  createdAt: string;
  updatedAt: string;
};

/**
 * Opens a connector's sealed secrets (bound to its id as AES-GCM associated data). `unsafe`: the result holds
 * secret values; callers keep it on the server.
 */
export function unsafeOpenConnectorSecrets(row: Pick<Connector, 'id' | 'secrets'>): Record<string, string> {
  return row.secrets ? openSecrets(row.secrets, getSecretsKey(), row.id) : {};
}

/**
 * The safe view of a row: the common fields plus the kind's part, which gets the opened secrets and reduces
 * them to flags (its descriptor's `admin.toView`).
 */
export function buildConnectorDetail<K extends ConnectorKind, View>(
  row: Connector,
  kind: K,
  toView: (row: Connector, secrets: Record<string, string>) => View,
): ConnectorDetailBase<K> & View {
  let secrets: Record<string, string> = {};
  let secretsUnreadable = false;
  try {
    secrets = unsafeOpenConnectorSecrets(row);
  } catch {
    secretsUnreadable = true;
  }
  return {
    id: row.id,
    kind,
    name: row.name,
    corpId: row.corpId,
    enabled: row.enabled,
    ...toView(row, secrets),
    secretsUnreadable,
    health: row.health,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The view part of a kind with nothing of its own to show (its settings are edited elsewhere, or it has none). */
export type NoKindView = Record<never, never>;

export function noKindView(): NoKindView {
  return {};
}
