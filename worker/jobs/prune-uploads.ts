import { pruneUploads } from '@/lib/storage/prune-uploads';
import type { JobHandler } from '../job-handler';

/** Nightly: uploads no submitted form took up, with their bytes (lib/storage/prune-uploads.ts). */
export const handlePruneUploads: JobHandler<'prune-uploads'> = async (_payload, ctx) => {
  await pruneUploads(ctx.db, { log: ctx.log });
};
