import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { subscriptions } from './subscriptions';

export const deliveryStatus = pgEnum('delivery_status', ['pending', 'delivered', 'failed', 'dead']);

/** One event owed to one subscriber; unique per (subscription, event key) so a replay never sends twice. */
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
    deliveredAt: tstz('delivered_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('deliveries_subscription_event_uq').on(t.subscriptionId, t.eventKey),
    index('deliveries_status_idx').on(t.status, t.updatedAt),
  ],
);

export type Delivery = typeof deliveries.$inferSelect;
