import { and, count, desc, eq, inArray, max, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { deliveries, type Subscription, subscriptions } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { ROBOT_PER_MINUTE } from './robot/deliver-to-robot';
import type { SubscriptionView } from './subscription-input';
import { maskUrl } from './subscription-url';

/**
 * Webhook, connect-trigger and group-robot subscriptions, newest first, with delivery counts. API connectors' callback
 * subscriptions are not listed: they are managed (and their log shown) on the API connector's page.
 */
export async function listSubscriptionsAsAdmin(db: DbOrTx, viewer: Viewer): Promise<SubscriptionView[]> {
  assertAdmin(viewer);
  const rows = await db
    .select()
    .from(subscriptions)
    .where(ne(subscriptions.kind, 'callback'))
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id));
  return withStats(db, rows);
}

export async function getSubscriptionAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  subscriptionId: string,
): Promise<SubscriptionView> {
  assertAdmin(viewer);
  const row = await findSubscription(db, subscriptionId);
  const [view] = await withStats(db, [row]);
  return view as SubscriptionView;
}

/** A listed subscription (not an API callback), or 404. */
export async function findSubscription(db: DbOrTx, subscriptionId: string): Promise<Subscription> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), ne(subscriptions.kind, 'callback')));
  if (!row) throw new AppError('not_found', 'errors:notFound.subscription');
  return row;
}

async function withStats(db: DbOrTx, rows: Subscription[]): Promise<SubscriptionView[]> {
  if (rows.length === 0) return [];
  const stats = await db
    .select({
      subscriptionId: deliveries.subscriptionId,
      status: deliveries.status,
      n: count(),
      lastAttemptAt: max(deliveries.lastAttemptAt),
    })
    .from(deliveries)
    .where(
      inArray(
        deliveries.subscriptionId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(deliveries.subscriptionId, deliveries.status);
  return rows.map((row) => {
    const mine = stats.filter((s) => s.subscriptionId === row.id);
    const n = (status: string) => mine.filter((s) => s.status === status).reduce((a, s) => a + s.n, 0);
    const last = mine
      .map((s) => s.lastAttemptAt)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    return toSubscriptionView(row, {
      pending: n('pending') + n('sending'),
      delivered: n('delivered'),
      failed: n('failed'),
      dead: n('dead'),
      lastAttemptAt: last?.toISOString() ?? null,
    });
  });
}

export function toSubscriptionView(row: Subscription, stats: SubscriptionView['stats']): SubscriptionView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    kind: row.kind === 'callback' ? 'webhook' : row.kind,
    name: row.name,
    // Invariant 6: a robot's webhook carries its access_token; only the masked form leaves the server (masked
    // again here so a row not yet sealed at boot does not leak either).
    url: row.kind === 'dingtalk_robot' ? maskUrl(row.url) : row.url,
    eventTypes: row.eventTypes,
    connectorIds: row.connectorIds,
    processCodes: row.processCodes,
    dingtalkConnectorId: row.config.dingtalkConnectorId ?? null,
    triggerId: row.config.triggerId ?? null,
    appId: row.config.appId ?? null,
    atMode: row.kind === 'dingtalk_robot' ? (row.config.atMode ?? 'none') : null,
    perMinute: row.kind === 'dingtalk_robot' ? (row.config.perMinute ?? ROBOT_PER_MINUTE) : null,
    formValues: row.config.formValues ?? { enabled: false, fields: {} },
    enabled: row.enabled,
    pausedReason: row.pausedReason === 'auto' ? 'auto' : null,
    pausedAt: iso(row.pausedAt),
    consecutiveFailures: row.consecutiveFailures,
    failingSince: iso(row.failingSince),
    autoPauseFailures: row.autoPauseFailures,
    autoPauseMinutes: row.autoPauseMinutes,
    hasSecret: row.secret !== null,
    secretRotatedAt: iso(row.secretRotatedAt),
    createdAt: row.createdAt.toISOString(),
    stats,
  };
}
