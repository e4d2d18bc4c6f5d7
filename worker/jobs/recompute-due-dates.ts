import { recomputeDueDates } from '@/lib/sla/due/recompute-due-dates';
import type { JobHandler } from '../job-handler';

/** Due times of open tasks after a process SLA or the business calendar changed (lib/sla/due). */
export const handleRecomputeDueDates: JobHandler<'recompute-due-dates'> = async (payload, ctx) => {
  const result = await recomputeDueDates(ctx.db, payload);
  ctx.log.info(result, 'due dates recomputed');
};
