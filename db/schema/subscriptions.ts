import { boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';

/** An outbound webhook: another system that wants Huiban's task/instance events (seed 002). */
export const subscriptions = pgTable('subscriptions', {
  id: id(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** AES-GCM ciphertext of the HMAC signing secret. */
  secret: text('secret'),
  eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
  /** Empty = all connectors. */
  connectorIds: jsonb('connector_ids').$type<string[]>().notNull().default([]),
  enabled: boolean('enabled').notNull().default(true),
  ...timestamps,
});

export type Subscription = typeof subscriptions.$inferSelect;
