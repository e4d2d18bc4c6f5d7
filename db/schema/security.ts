import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';

/**
 * Password sign-in failures per key (`account:<login>` or `ip:<address>`), in PostgreSQL so every web replica
 * enforces the same limit (lib/security/login-throttle.ts). A row is deleted on a successful sign-in of that
 * account; `blocked_until` is the earliest time the next attempt for this key is even checked.
 */
export const loginThrottles = pgTable('login_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: tstz('last_failure_at').notNull().defaultNow(),
  blockedUntil: tstz('blocked_until'),
});

/**
 * First-run setup (lib/security/setup-token.ts): the hash of a one-time token printed to the console when an
 * installation has no admin yet. `/setup` creates the first admin with it; a used or replaced token is dead.
 */
export const setupTokens = pgTable('setup_tokens', {
  id: id(),
  tokenHash: text('token_hash').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  usedAt: tstz('used_at'),
});
