import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { connectors } from './connectors';

export type DirectorySyncStats = {
  people: number;
  created: number;
  updated: number;
  linked: number;
  left: number;
  managersSet: number;
  usersCreated: number;
};

/** One full directory sync of a connector (立即同步通讯录 or the nightly schedule): when, and what it changed. */
export const directorySyncs = pgTable(
  'directory_syncs',
  {
    id: id(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    /** manual (an admin), schedule (cron). */
    trigger: text('trigger').notNull(),
    /** running → succeeded | failed. */
    status: text('status').notNull().default('running'),
    stats: jsonb('stats').$type<Partial<DirectorySyncStats>>().notNull().default({}),
    error: text('error'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
  },
  (t) => [index('directory_syncs_connector_started_idx').on(t.connectorId, t.startedAt)],
);

export type DirectorySync = typeof directorySyncs.$inferSelect;
