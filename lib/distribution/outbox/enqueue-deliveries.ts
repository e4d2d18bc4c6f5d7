import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { deliveries, subscriptions } from '@/db/schema';
import { sendJob } from '@/lib/jobs/send-job';
import type { EventEnvelope } from './event-types';

/** An event on its way out: normalized (lib/tasks/domain-events.ts) or raw (distribute-raw-events.ts). */
export type OutgoingEvent = {
  /** Unique per event, ever (`task.completed:<taskId>`, `raw:<inboundEventId>`). */
  key: string;
  type: string;
  occurredAt: Date;
  connectorId: string;
  processCode: string | null;
  data: Record<string, unknown>;
};

export type SubscriptionFilter = {
  id: string;
  eventTypes: string[];
  connectorIds: string[];
  processCodes: string[];
};

/** Enabled webhook and connect-trigger subscriptions (API connectors' callbacks are sent by their own job). */
export async function loadActiveSubscriptions(db: DbOrTx): Promise<SubscriptionFilter[]> {
  return db
    .select({
      id: subscriptions.id,
      eventTypes: subscriptions.eventTypes,
      connectorIds: subscriptions.connectorIds,
      processCodes: subscriptions.processCodes,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.enabled, true), inArray(subscriptions.kind, ['webhook', 'connect_trigger'])));
}

/** The type is subscribed; the connector and process code pass the filters (an empty filter = all). */
export function matchesSubscription(sub: SubscriptionFilter, event: OutgoingEvent): boolean {
  if (!sub.eventTypes.includes(event.type)) return false;
  if (sub.connectorIds.length > 0 && !sub.connectorIds.includes(event.connectorId)) return false;
  if (sub.processCodes.length > 0 && (!event.processCode || !sub.processCodes.includes(event.processCode)))
    return false;
  return true;
}

/** The id subscribers see: derived from the key, so it is the same for every subscriber and every resend. */
export function eventIdOf(key: string): string {
  return `evt_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export function toEnvelope(event: OutgoingEvent): EventEnvelope {
  return {
    id: eventIdOf(event.key),
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    data: event.data,
  };
}

/**
 * The outbox: one `deliveries` row per (matching subscription, event) and its delivery job, both in the
 * caller's transaction, so an event is owed exactly when the change that caused it commits. The unique
 * (subscription, event key) index turns a replay into a no-op: no second row, no second job.
 */
export async function enqueueDeliveries(
  tx: DbOrTx,
  events: OutgoingEvent[],
  subs?: SubscriptionFilter[],
): Promise<number> {
  if (events.length === 0) return 0;
  const targets = subs ?? (await loadActiveSubscriptions(tx));
  const rows = events.flatMap((event) =>
    targets
      .filter((sub) => matchesSubscription(sub, event))
      .map((sub) => ({
        subscriptionId: sub.id,
        eventKey: event.key,
        eventType: event.type,
        payload: toEnvelope(event),
      })),
  );
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(deliveries)
    .values(rows)
    .onConflictDoNothing({ target: [deliveries.subscriptionId, deliveries.eventKey] })
    .returning({ id: deliveries.id });
  for (const { id } of inserted) await sendJob(tx, 'deliver-event', { deliveryId: id });
  return inserted.length;
}
