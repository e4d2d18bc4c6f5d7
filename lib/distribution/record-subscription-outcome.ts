import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';

/**
 * Keeps a subscription's failure streak: a success resets it; a failure extends it and auto-pauses the
 * subscription once it reaches `autoPauseFailures` attempts in a row over at least `autoPauseMinutes`
 * (both per subscription, defaults 10 and 60: a receiver down for an hour under steady traffic). The pause
 * is written with an audit row (actor: the system) in one transaction; the page shows it as a notice.
 */
export async function recordSubscriptionOutcome(
  db: Db,
  subscriptionId: string,
  isSuccess: boolean,
): Promise<{ paused: boolean }> {
  if (isSuccess) {
    await db
      .update(subscriptions)
      .set({ consecutiveFailures: 0, failingSince: null })
      .where(and(eq(subscriptions.id, subscriptionId), gt(subscriptions.consecutiveFailures, 0)));
    return { paused: false };
  }
  return db.transaction(async (tx) => {
    const [streak] = await tx
      .update(subscriptions)
      .set({
        consecutiveFailures: sql`${subscriptions.consecutiveFailures} + 1`,
        failingSince: sql`coalesce(${subscriptions.failingSince}, now())`,
      })
      .where(eq(subscriptions.id, subscriptionId))
      .returning({
        enabled: subscriptions.enabled,
        failures: subscriptions.consecutiveFailures,
        failingSince: subscriptions.failingSince,
        threshold: subscriptions.autoPauseFailures,
        minutes: subscriptions.autoPauseMinutes,
      });
    if (!streak?.enabled || streak.threshold <= 0 || streak.failures < streak.threshold)
      return { paused: false };
    const failingFor = Date.now() - (streak.failingSince?.getTime() ?? Date.now());
    if (failingFor < streak.minutes * 60_000) return { paused: false };
    await tx
      .update(subscriptions)
      .set({ enabled: false, pausedReason: 'auto', pausedAt: new Date() })
      .where(eq(subscriptions.id, subscriptionId));
    await recordAudit(tx, {
      actorUserId: null,
      action: 'subscription.auto_pause',
      targetType: 'subscription',
      targetId: subscriptionId,
      details: {
        consecutiveFailures: streak.failures,
        failingSince: streak.failingSince?.toISOString() ?? null,
        threshold: streak.threshold,
        minutes: streak.minutes,
      },
    });
    return { paused: true };
  });
}
