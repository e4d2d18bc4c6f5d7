import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { deliveries } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { findSubscription } from './list-subscriptions';
import type { EventEnvelope } from './outbox/event-types';
import type { DeliveryView } from './subscription-input';

/** One subscription's delivery log, newest first, a page at a time (admins). */
export async function listDeliveriesAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  subscriptionId: string,
  query: { status?: DeliveryView['status']; page: number; pageSize: number },
): Promise<{ items: DeliveryView[]; total: number }> {
  assertAdmin(viewer);
  await findSubscription(db, subscriptionId);
  const where: SQL | undefined = and(
    eq(deliveries.subscriptionId, subscriptionId),
    query.status ? eq(deliveries.status, query.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(deliveries)
      .where(where)
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(deliveries).where(where),
  ]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      eventId: (r.payload as Partial<EventEnvelope> | null)?.id ?? null,
      eventType: r.eventType,
      status: r.status,
      attempts: r.attempts,
      responseStatus: r.responseStatus,
      latencyMs: r.latencyMs,
      lastError: r.lastError,
      lastAttemptAt: iso(r.lastAttemptAt),
      deliveredAt: iso(r.deliveredAt),
      createdAt: r.createdAt.toISOString(),
      payload: r.payload,
    })),
  };
}
