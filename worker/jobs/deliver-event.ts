import { deliverEvent } from '@/lib/distribution/deliver-event';
import type { JobHandler } from '../job-handler';

/** One attempt at sending one event to one subscriber (webhook or connect-platform trigger). */
export const handleDeliverEvent: JobHandler<'deliver-event'> = async ({ deliveryId }, ctx) => {
  await deliverEvent(ctx.db, deliveryId, { isFinalAttempt: ctx.isFinalAttempt, log: ctx.log });
};
