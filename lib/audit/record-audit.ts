import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';

export type AuditEntry = {
  actorUserId: string | null;
  onBehalfOfUserId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never secrets: what changed, by name. */
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
};

/** Appends one audit row (admin changes and task actions), in the caller's transaction. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    onBehalfOfUserId: entry.onBehalfOfUserId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
    userAgent: entry.userAgent?.slice(0, 300) ?? null,
  });
}
