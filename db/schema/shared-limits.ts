import { bigint, boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './_columns';

/**
 * Calls admitted by the shared rate limiter: one row per call, per key (a DingTalk app × API path). Every web and
 * worker process counts the same rows, so N processes together stay under one per-app × API QPS limit
 * (dingtalk-api.md §12.1). Rows older than a few seconds are pruned as calls are admitted.
 */
export const apiCallSlots = pgTable(
  'api_call_slots',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    /**
     * By the database's clock (the one every process shares): the admission time while the call is in flight,
     * then the time its answer came back — never earlier than DingTalk saw the call arrive.
     */
    at: tstz('at').notNull(),
    /** False while the call is in flight: it then counts as arriving now, however long ago it was admitted. */
    done: boolean('done').notNull().default(false),
  },
  (t) => [index('api_call_slots_key_at_idx').on(t.key, t.at)],
);

/**
 * Source access tokens shared by every process (one token request per app, not one per replica). The token is
 * sealed with the secrets key like connector secrets (invariant 6).
 */
export const sourceTokens = pgTable('source_tokens', {
  key: text('key').primaryKey(),
  sealedToken: text('sealed_token').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});
