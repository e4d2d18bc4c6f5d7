import { writeBackAction } from '@/lib/sync/write-back-action';
import type { JobHandler } from '../job-handler';

/** A user's action from Huiban, performed at the source in their name. */
export const handleWriteBackAction: JobHandler<'write-back-action'> = async ({ actionId }, ctx) => {
  const outcome = await writeBackAction(ctx.db, actionId, {
    log: ctx.log,
    isFinalAttempt: ctx.isFinalAttempt,
  });
  ctx.log.info({ actionId, outcome }, 'write-back');
};
