import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';

/** Where an admin change came from, for the audit row. */
export type AuditMeta = { ip?: string | null; userAgent?: string | null };

export type ConnectorAuditAction =
  | 'connector.create'
  | 'connector.update'
  | 'connector.enable'
  | 'connector.disable';

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
  await db.insert(auditLog).values({
    actorUserId: viewer.userId,
    action,
    targetType: 'connector',
    targetId: connectorId,
    details,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
}
