import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { processInstances } from './process-instances';
import { taskActions } from './task-actions';
import { users } from './users';

/**
 * A person @-mentioned in a comment on an instance: like a cc, it lets them read that one instance
 * (canSeeInstance), and they get one DingTalk work notice. Huiban's own fact, so no snapshot touches it;
 * one row per instance × person (a second mention keeps the first grant and its notice).
 */
export const instanceMentions = pgTable(
  'instance_mentions',
  {
    id: id(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mentionedByUserId: uuid('mentioned_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The comment (task action) that mentioned them first. */
    actionId: uuid('action_id').references(() => taskActions.id, { onDelete: 'set null' }),
    /** `sent` / `not_notified` once the notice step ran; null until then (the job claims it once). */
    noticeStatus: text('notice_status'),
    noticeReason: text('notice_reason'),
    notifiedAt: tstz('notified_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('instance_mentions_instance_user_uq').on(t.instanceId, t.userId),
    index('instance_mentions_user_idx').on(t.userId),
  ],
);

export type InstanceMention = typeof instanceMentions.$inferSelect;
