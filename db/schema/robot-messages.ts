import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { subscriptions } from './subscriptions';

/**
 * One message sent to a DingTalk group robot (a `dingtalk_robot` subscription), carrying one or more
 * deliveries: the record the robot's per-minute limit is counted on, shared by every worker.
 */
export const robotMessages = pgTable(
  'robot_messages',
  {
    id: id(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    sentAt: tstz('sent_at').notNull(),
    deliveryCount: integer('delivery_count').notNull(),
    /** DingTalk's `errcode` (0 = sent). */
    errcode: text('errcode'),
  },
  (t) => [index('robot_messages_subscription_sent_idx').on(t.subscriptionId, t.sentAt)],
);
