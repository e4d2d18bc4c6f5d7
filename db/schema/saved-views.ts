import { boolean, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { users } from './users';

/** A user's saved inbox view: name, filters and sort, stored server-side. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** pending | done | initiated | cc */
    view: text('view').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    sort: text('sort'),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex('saved_views_user_name_uq').on(t.userId, t.name)],
);

export type SavedView = typeof savedViews.$inferSelect;
