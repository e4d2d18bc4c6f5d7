import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { delegations } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

/**
 * Ends a delegation now (the row stays, as history). The principal cancels their own; an admin any
 * (`asAdmin`). Someone else's delegation is a 404, never a hint that it exists. Cancelling twice is a no-op.
 */
export async function cancelDelegation(
  db: Db,
  viewer: Viewer,
  input: { id: string; asAdmin?: boolean },
  meta: RequestMeta = {},
): Promise<void> {
  if (input.asAdmin) assertAdmin(viewer);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ principalUserId: delegations.principalUserId, cancelledAt: delegations.cancelledAt })
      .from(delegations)
      .where(eq(delegations.id, input.id))
      .for('update');
    if (!row || (!input.asAdmin && row.principalUserId !== viewer.userId))
      throw new AppError('not_found', 'delegation:errors.notFound');
    if (row.cancelledAt) return;
    await tx
      .update(delegations)
      .set({ cancelledAt: new Date() })
      .where(and(eq(delegations.id, input.id), isNull(delegations.cancelledAt)));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      onBehalfOfUserId: row.principalUserId === viewer.userId ? null : row.principalUserId,
      action: 'delegation.cancel',
      targetType: 'delegation',
      targetId: input.id,
      ...meta,
    });
  });
}
