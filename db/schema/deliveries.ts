import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { subscriptions } from './subscriptions';

export const deliveryStatus = pgEnum('delivery_status', [
  'pending',
  'sending',
  'delivered',
  'failed',
  'dead',
]);

/**
 * One event owed to one subscriber; unique per (subscription, event key) so a replay never sends twice.
 * `sending`: an attempt is in flight (a claim, taken over once older than the send timeout). `failed`: the last
 * attempt failed and a retry is scheduled (or the subscription is paused). `dead`: out of retries.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    /** Time to the receiver's answer on the last attempt. */
    latencyMs: integer('latency_ms'),
    lastAttemptAt: tstz('last_attempt_at'),
    deliveredAt: tstz('delivered_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('deliveries_subscription_event_uq').on(t.subscriptionId, t.eventKey),
    index('deliveries_status_idx').on(t.status, t.updatedAt),
    // The per-subscription delivery log, newest first.
    index('deliveries_subscription_created_idx').on(t.subscriptionId, t.createdAt),
  ],
);

export type Delivery = typeof deliveries.$inferSelect;
