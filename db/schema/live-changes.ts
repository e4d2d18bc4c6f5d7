import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './_columns';

/**
 * One row per user whose inbox changed in a statement, written by triggers on tasks and process_instances
 * (migration live_changes) and NOTIFYed on `huiban_live` as `<id>:<userId>`. The id is the Server-Sent Events
 * id: a reconnecting browser asks for changes after its last id (lib/live/). Pruned after an hour.
 */
export const liveChanges = pgTable(
  'live_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    at: tstz('at').notNull().default(sql`now()`),
  },
  (t) => [index('live_changes_user_idx').on(t.userId, t.id)],
);
