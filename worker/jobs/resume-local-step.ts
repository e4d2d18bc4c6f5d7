import { resumeLocalStep } from '@/lib/connectors/local/resume-local-step';
import type { JobHandler } from '../job-handler';

/** A DingTalk instance started by a local workflow step finished: the local run moves on (once). */
export const handleResumeLocalStep: JobHandler<'resume-local-step'> = async ({ linkId }, ctx) => {
  const outcome = await resumeLocalStep(ctx.db, linkId);
  ctx.log.info({ linkId, outcome }, 'local workflow step resumed');
};
