import { boolean, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';

export const userRole = pgEnum('user_role', ['employee', 'admin']);
export const userStatus = pgEnum('user_status', ['active', 'resigned', 'disabled']);

/** A person who signs in to Huiban. Source-side accounts (DingTalk userId, unionId) live in `identities`. */
export const users = pgTable(
  'users',
  {
    id: id(),
    /** Login name for local accounts; unique, case-insensitive by convention (stored lower-case). */
    username: text('username'),
    email: text('email'),
    name: text('name').notNull(),
    mobile: text('mobile'),
    jobNumber: text('job_number'),
    department: text('department'),
    /** scrypt hash (`scrypt$…`; older rows bcrypt, upgraded at the next sign-in); null for accounts that only sign in through DingTalk. */
    passwordHash: text('password_hash'),
    role: userRole('role').notNull().default('employee'),
    status: userStatus('status').notNull().default('active'),
    /** The user's manager in Huiban, from the synced directory (used by local workflows). */
    managerId: uuid('manager_id'),
    locale: text('locale'),
    /** The user's choice: no DingTalk work notices for tasks from the open API and local workflows. */
    muteTaskNotices: boolean('mute_task_notices').notNull().default(false),
    /** The user's choice: a daily digest of what waits for them (docs/reminders.md), on working days. */
    digestEnabled: boolean('digest_enabled').notNull().default(true),
    /** The company-local hour (0–23) the digest is sent at; null = the default (DIGEST_HOUR, 9). */
    digestHour: integer('digest_hour'),
    lastLoginAt: tstz('last_login_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    uniqueIndex('users_email_uq').on(t.email),
    index('users_mobile_idx').on(t.mobile),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
