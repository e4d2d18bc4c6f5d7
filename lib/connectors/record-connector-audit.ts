import type { DbOrTx } from '@/db/client';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import type { Viewer } from '@/lib/auth/viewer';

export type AuditMeta = RequestMeta;

export type ConnectorAuditAction =
  | 'connector.create'
  | 'connector.update'
  | 'connector.enable'
  | 'connector.disable'
  | 'connector.api_key.create'
  | 'connector.api_key.revoke'
  | 'connector.callback.update'
  | 'connector.dingtalk_callback.register'
  | 'connector.dingtalk_callback.update'
  | 'connector.dingtalk_callback.delete'
  | 'connector.dingtalk_callback.refused'
  | 'connector.notices.update';

/**
 * Appends the audit row of an admin change to a connector, in the caller's transaction. `details` names what
 * changed and never carries a secret value (invariant 6).
 */
export async function recordConnectorAudit(
  db: DbOrTx,
  viewer: Viewer,
  action: ConnectorAuditAction,
  connectorId: string,
  details: Record<string, unknown>,
  meta: AuditMeta = {},
): Promise<void> {
  await recordAudit(db, {
    actorUserId: viewer.userId,
    action,
    targetType: 'connector',
    targetId: connectorId,
    details,
    ...meta,
  });
}
