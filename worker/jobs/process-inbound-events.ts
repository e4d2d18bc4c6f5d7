import { processInboundBatch } from '@/lib/sync/process-inbound-batch';
import { processInboundEvents } from '@/lib/sync/process-inbound-events';
import type { BatchJobHandler, JobHandler } from '../job-handler';

/** Stored source events → one snapshot fetch → applySnapshot(). */
export const handleProcessInboundEvents: JobHandler<'process-inbound-events'> = async (payload, ctx) => {
  const outcome = await processInboundEvents(ctx.db, payload, {
    log: ctx.log,
    isFinalAttempt: ctx.isFinalAttempt,
  });
  ctx.log.debug({ outcome, instance: payload.instanceExternalId }, 'inbound events processed');
};

/** A fetched batch: one run per instance, the instances concurrently; a failed instance retries alone. */
export const handleProcessInboundEventsBatch: BatchJobHandler<'process-inbound-events'> = async (
  jobs,
  ctx,
) => {
  const { failures, outcomes } = await processInboundBatch(
    ctx.db,
    jobs.map((job) => ({
      id: job.id,
      input: job.payload,
      isFinalAttempt: job.isFinalAttempt,
      retriesLeft: job.retriesLeft,
    })),
    { log: ctx.log },
  );
  ctx.log.debug(
    { jobs: jobs.length, instances: outcomes.length, failed: failures.length },
    'inbound batch processed',
  );
  return failures;
};
