import { processInboundEvents } from '@/lib/sync/process-inbound-events';
import type { JobHandler } from '../job-handler';

/** Stored source events → one snapshot fetch → applySnapshot(). */
export const handleProcessInboundEvents: JobHandler<'process-inbound-events'> = async (payload, ctx) => {
  const outcome = await processInboundEvents(ctx.db, payload, {
    log: ctx.log,
    isFinalAttempt: ctx.isFinalAttempt,
  });
  ctx.log.debug({ outcome, instance: payload.instanceExternalId }, 'inbound events processed');
};
