import { bigint, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { processInstances } from './process-instances';
import { processLogs } from './process-logs';

export const attachmentCopyStatus = pgEnum('attachment_copy_status', ['pending', 'copied', 'failed']);

/** A file attached to an instance or a log step; bytes are copied out of the source into Huiban's storage. */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    logId: uuid('log_id').references(() => processLogs.id, { onDelete: 'set null' }),
    /** The source's file id (DingTalk fileId / spaceId+dentryId); unique per instance. */
    externalFileId: text('external_file_id').notNull(),
    fileName: text('file_name').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }),
    fileType: text('file_type'),
    storageKey: text('storage_key'),
    sha256: text('sha256'),
    copyStatus: attachmentCopyStatus('copy_status').notNull().default('pending'),
    copyError: text('copy_error'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('attachments_instance_file_uq').on(t.instanceId, t.externalFileId),
    index('attachments_log_idx').on(t.logId),
  ],
);

export type Attachment = typeof attachments.$inferSelect;
