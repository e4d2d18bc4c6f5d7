import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { connectors } from './connectors';

export const inboundEventStatus = pgEnum('inbound_event_status', [
  'received',
  'processing',
  'processed',
  'failed',
  'rejected',
  'dead',
]);

/**
 * Every event a source delivered, stored before it is acknowledged (invariant 1). The unique index on
 * (connector, source event id) makes redelivery a no-op.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: id(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    sourceEventId: text('source_event_id').notNull(),
    type: text('type').notNull(),
    /** The instance the event is about, when the envelope names it (for search and per-instance coalescing). */
    instanceExternalId: text('instance_external_id'),
    payload: jsonb('payload').$type<unknown>().notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    status: inboundEventStatus('status').notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_events_connector_source_uq').on(t.connectorId, t.sourceEventId),
    index('inbound_events_status_received_idx').on(t.status, t.receivedAt),
    index('inbound_events_instance_idx').on(t.connectorId, t.instanceExternalId),
    // The event log's default order and the sync-health figures (last event, lag and volume per connector).
    index('inbound_events_connector_received_idx').on(t.connectorId, t.receivedAt),
  ],
);

export type InboundEvent = typeof inboundEvents.$inferSelect;
