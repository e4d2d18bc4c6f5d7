import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';
import { users } from './users';

/**
 * A file a user uploaded to Huiban's storage before referencing it in a form (a local workflow's attachments
 * field). Only the uploader may reference it (lib/connectors/local/validate-form-values.ts checks ownership).
 */
export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    contentType: text('content_type').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('uploads_user_idx').on(t.userId, t.createdAt)],
);

export type Upload = typeof uploads.$inferSelect;
