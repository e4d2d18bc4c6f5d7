import { scrubAttachmentArchive } from '@/lib/sync/reconcile-archive';
import type { JobHandler } from '../job-handler';

/** The nightly archive scrub (lib/sync/reconcile-archive.ts). */
export const handleScrubAttachments: JobHandler<'scrub-attachments'> = async ({ limit }, ctx) => {
  await scrubAttachmentArchive(ctx.db, { log: ctx.log, limit });
};
