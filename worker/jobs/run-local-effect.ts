import { runLocalEffect } from '@/lib/connectors/local/run-local-effect';
import type { JobHandler } from '../job-handler';

/** One external effect of a local workflow transition (DingTalk start, automation, 待办 mirror, notice). */
export const handleRunLocalEffect: JobHandler<'run-local-effect'> = async ({ effectId }, ctx) => {
  const outcome = await runLocalEffect(ctx.db, effectId, {
    log: ctx.log,
    isFinalAttempt: ctx.isFinalAttempt,
  });
  ctx.log.info({ effectId, outcome }, 'local workflow effect');
};
