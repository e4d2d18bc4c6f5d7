import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries, subscriptions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { sendJob } from '@/lib/jobs/send-job';
import { findSubscription, getSubscriptionAsAdmin } from './list-subscriptions';
import type { SubscriptionView } from './subscription-input';

/**
 * An admin pauses or resumes a subscription (audited). Resuming clears the failure streak and the auto-pause
 * notice, and sends the deliveries held while paused again (jobs in the same transaction).
 */
export async function setSubscriptionEnabledAsAdmin(
  db: Db,
  viewer: Viewer,
  subscriptionId: string,
  enabled: boolean,
  meta: RequestMeta = {},
): Promise<SubscriptionView> {
  assertAdmin(viewer);
  await db.transaction(async (tx) => {
    const row = await findSubscription(tx, subscriptionId);
    if (row.enabled === enabled) return;
    await tx
      .update(subscriptions)
      .set(
        enabled
          ? { enabled, pausedReason: null, pausedAt: null, consecutiveFailures: 0, failingSince: null }
          : { enabled, pausedReason: null, pausedAt: new Date() },
      )
      .where(eq(subscriptions.id, subscriptionId));
    let resent = 0;
    if (enabled) {
      const held = await tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          and(
            eq(deliveries.subscriptionId, subscriptionId),
            inArray(deliveries.status, ['pending', 'failed']),
          ),
        );
      for (const { id } of held) await sendJob(tx, 'deliver-event', { deliveryId: id });
      resent = held.length;
    }
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: enabled ? 'subscription.resume' : 'subscription.pause',
      targetType: 'subscription',
      targetId: subscriptionId,
      details: enabled ? { wasAutoPaused: row.pausedReason === 'auto', resent } : {},
      ...meta,
    });
  });
  return getSubscriptionAsAdmin(db, viewer, subscriptionId);
}
