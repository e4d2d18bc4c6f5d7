import { z } from 'zod';

/** Queue options pg-boss applies to every job of a queue. Non-default values carry their reason. */
export type QueueOptions = {
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  retentionMinutes?: number;
  deadLetter?: string;
};

/** How a worker process consumes a queue. */
export type WorkerOptions = {
  /** Parallel consumers of this queue per worker process. Default 1. */
  concurrency?: number;
  /** How often an idle consumer polls (pg-boss minimum 0.5 s). Default 2 s. */
  pollingIntervalSeconds?: number;
};

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  payloadSchema: S;
  queue: QueueOptions;
  worker?: WorkerOptions;
};

function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/**
 * Every background job: name → payload schema + queue options. Shared by the web app (which enqueues)
 * and the worker (which handles); the handler lives in `worker/jobs/<name>.ts`.
 */
export const JOBS = {
  'worker-heartbeat': defineJob({
    payloadSchema: z.object({ reason: z.enum(['boot', 'schedule', 'manual']) }),
    queue: {
      // A missed beat is replaced by the next one within a minute; retrying an old beat is pointless.
      retryLimit: 0,
      // Old beats are noise: keep the queue table small.
      retentionMinutes: 60,
    },
  }),
  'process-inbound-events': defineJob({
    payloadSchema: z.object({
      connectorId: z.uuid(),
      /** The instance whose stored events are processed together; null for an event without one. */
      instanceExternalId: z.string().nullable(),
      inboundEventId: z.uuid(),
    }),
    queue: {
      // Source throttling and outages pass: back off for roughly half an hour before dead-lettering.
      retryLimit: 6,
      retryDelay: 10,
      retryBackoff: true,
      deadLetter: 'dead-letter',
    },
    // Event → inbox latency is a product goal (p95 < 1 s): poll fast, and let several instances progress at once.
    worker: { concurrency: 4, pollingIntervalSeconds: 0.5 },
  }),
  'write-back-action': defineJob({
    payloadSchema: z.object({ actionId: z.uuid() }),
    queue: {
      // Throttling (20 QPS per API) and brief outages pass: retry with backoff for ~15 minutes.
      retryLimit: 6,
      retryDelay: 5,
      retryBackoff: true,
      deadLetter: 'dead-letter',
    },
    // The user is looking at the 提交中 badge: pick the action up at once.
    worker: { concurrency: 2, pollingIntervalSeconds: 0.5 },
  }),
  'reconcile-connectors': defineJob({
    payloadSchema: z.object({ connectorId: z.uuid().optional() }),
    queue: {
      // One run at a time: a second, overlapping run would only spend API calls twice.
      policy: 'singleton',
      // The next scheduled run repairs whatever this one missed.
      retryLimit: 0,
      expireInSeconds: 30 * 60,
    },
  }),
  'copy-attachment': defineJob({
    payloadSchema: z.object({ attachmentId: z.uuid() }),
    queue: {
      // Source storage hiccups are common and the bytes do not change: retry for about an hour.
      retryLimit: 8,
      retryDelay: 15,
      retryBackoff: true,
      deadLetter: 'dead-letter',
    },
    // Downloads wait on the network, not the CPU: two at a time.
    worker: { concurrency: 2 },
  }),
  'resolve-identity': defineJob({
    payloadSchema: z.object({ identityId: z.uuid() }),
    queue: { retryLimit: 5, retryDelay: 30, retryBackoff: true, deadLetter: 'dead-letter' },
    // Tasks of an unmapped person stay invisible until this runs: poll fast.
    worker: { pollingIntervalSeconds: 0.5 },
  }),
} satisfies Record<string, JobDefinition>;

/**
 * Jobs that exhausted their retries land in this queue (no handler: an admin inspects and replays them).
 * Kept two weeks.
 */
export const DEAD_LETTER_QUEUE = { name: 'dead-letter', retentionMinutes: 14 * 24 * 60 } as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payloadSchema']>;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
