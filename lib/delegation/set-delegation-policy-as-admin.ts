import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectorDelegationPolicies, connectors } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import type { DelegationPolicy } from './delegation-input';

/** Chooses how a delegate's action reaches one connector's source (docs/delegation.md); audited. */
export async function setDelegationPolicyAsAdmin(
  db: Db,
  viewer: Viewer,
  input: { connectorId: string; policy: DelegationPolicy },
  meta: RequestMeta = {},
): Promise<{ connectorId: string; policy: DelegationPolicy }> {
  assertAdmin(viewer);
  return db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: connectors.id })
      .from(connectors)
      .where(eq(connectors.id, input.connectorId));
    if (!connector) throw new AppError('not_found', 'errors:notFound.connector');
    await tx
      .insert(connectorDelegationPolicies)
      .values({ connectorId: input.connectorId, policy: input.policy })
      .onConflictDoUpdate({
        target: connectorDelegationPolicies.connectorId,
        set: { policy: input.policy, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'connector.delegation_policy',
      targetType: 'connector',
      targetId: input.connectorId,
      details: { policy: input.policy },
      ...meta,
    });
    return { connectorId: input.connectorId, policy: input.policy };
  });
}
