import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { connectors } from './connectors';
import { users } from './users';

/**
 * A person as a source knows them (DingTalk userId/unionId in one corp, or an external system's user id),
 * linked to a Huiban user when matched. Unlinked identities keep their tasks until someone maps them.
 */
export const identities = pgTable(
  'identities',
  {
    id: id(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The source's user id (DingTalk userId / staffId, Yida userId, external system id). */
    externalUserId: text('external_user_id').notNull(),
    unionId: text('union_id'),
    name: text('name'),
    mobile: text('mobile'),
    email: text('email'),
    jobNumber: text('job_number'),
    managerExternalId: text('manager_external_id'),
    departments: jsonb('departments').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    /** How the link to `user_id` was made: manual, userId, unionId, mobile, email, jobNumber, login. */
    matchedBy: text('matched_by'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('identities_connector_external_uq').on(t.connectorId, t.externalUserId),
    index('identities_user_idx').on(t.userId),
    index('identities_union_idx').on(t.unionId),
  ],
);

export type Identity = typeof identities.$inferSelect;
