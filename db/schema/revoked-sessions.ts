import { index, pgTable, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './_columns';
import { users } from './users';

/**
 * Sessions ended by signing out. Sessions are next-auth JWTs, valid on their own until they expire; each carries
 * a session id (`sid`) minted at sign-in, and the viewer lookup refuses any sid listed here, so a copied cookie
 * stops working the moment its owner signs out. Rows are useless after `expires_at` and are pruned on sign-out.
 */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    sid: uuid('sid').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    revokedAt: tstz('revoked_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [index('revoked_sessions_expires_idx').on(t.expiresAt)],
);
