import { z } from 'zod';
import { eventFilterSchema } from './event-filter';

/** Replay: given events, or every event matching a filter (e.g. `{status: 'dead'}` = all dead letters). */
export const replayParamsSchema = z
  .object({
    eventIds: z.array(z.uuid()).min(1).max(1000).optional(),
    filter: eventFilterSchema.optional(),
  })
  .refine((p) => (p.eventIds ? 1 : 0) + (p.filter ? 1 : 0) === 1, {
    message: 'validation:operations.replayTarget',
  });
export type ReplayParams = z.infer<typeof replayParamsSchema>;

const MAX_WINDOW_MS = 92 * 24 * 3600_000;

/** Resync: one instance of a connector, or every instance of it started or changed in a time window. */
export const resyncParamsSchema = z
  .object({
    connectorId: z.uuid(),
    instanceExternalId: z.string().trim().min(1).max(200).optional(),
    since: z.coerce.date().optional(),
    until: z.coerce.date().optional(),
  })
  .refine((p) => p.instanceExternalId || (p.since && p.until), {
    message: 'validation:operations.resyncTarget',
    path: ['since'],
  })
  .refine((p) => !p.since || !p.until || p.since <= p.until, {
    message: 'validation:range.fromAfterTo',
    path: ['until'],
  })
  .refine((p) => !p.since || !p.until || p.until.getTime() - p.since.getTime() <= MAX_WINDOW_MS, {
    message: 'validation:operations.rangeTooLong',
    path: ['until'],
  });
export type ResyncParams = z.infer<typeof resyncParamsSchema>;

export const startOperationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replay'), params: replayParamsSchema }),
  z.object({ kind: z.literal('resync'), params: resyncParamsSchema }),
]);
export type StartOperationInput = z.infer<typeof startOperationSchema>;
