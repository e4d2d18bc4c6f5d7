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
    /**
     * A file Huiban wrote to the source (a comment's file): the id the source gave it there. The source's echo of
     * it (the same file in its next snapshot, under this id) is this row, not a second copy.
     */
    sourceFileId: text('source_file_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('attachments_instance_file_uq').on(t.instanceId, t.externalFileId),
    uniqueIndex('attachments_instance_source_file_uq').on(t.instanceId, t.sourceFileId),
    index('attachments_log_idx').on(t.logId),
  ],
);

export type Attachment = typeof attachments.$inferSelect;
