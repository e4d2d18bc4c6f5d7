import { copyAttachment } from '@/lib/sync/copy-attachment';
import type { JobHandler } from '../job-handler';

/** Copies one attachment's bytes into Huiban's storage (lib/sync/copy-attachment.ts). */
export const handleCopyAttachment: JobHandler<'copy-attachment'> = async ({ attachmentId }, ctx) => {
  await copyAttachment(ctx.db, attachmentId, { log: ctx.log });
};
