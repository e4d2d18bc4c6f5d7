import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { findSubscription } from './list-subscriptions';

/**
 * An admin sends one delivery again (the 重新投递 button; audited): back to `pending` with a new job, in one
 * transaction. The body and event id are unchanged, so a receiver that already has the event can drop it.
 * A delivery whose attempt is in flight is refused (409).
 */
export async function redeliverAsAdmin(
  db: Db,
  viewer: Viewer,
  subscriptionId: string,
  deliveryId: string,
  meta: RequestMeta = {},
): Promise<{ queued: true }> {
  assertAdmin(viewer);
  await db.transaction(async (tx) => {
    const subscription = await findSubscription(tx, subscriptionId);
    const [delivery] = await tx
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(and(eq(deliveries.id, deliveryId), eq(deliveries.subscriptionId, subscriptionId)))
      .for('update');
    if (!delivery) throw new AppError('not_found', 'errors:notFound.delivery');
    if (delivery.status === 'sending') throw new AppError('conflict', 'errors:delivery.sending');
    if (!subscription.enabled) throw new AppError('conflict', 'errors:subscription.paused');
    await tx
      .update(deliveries)
      .set({ status: 'pending', lastError: null })
      .where(eq(deliveries.id, deliveryId));
    await sendJob(tx, 'deliver-event', { deliveryId });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'subscription.redeliver',
      targetType: 'delivery',
      targetId: deliveryId,
      details: { subscriptionId, previousStatus: delivery.status },
      ...meta,
    });
  });
  return { queued: true };
}
