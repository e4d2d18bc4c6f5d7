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
  /**
   * Jobs a consumer fetches at once, handled together by the queue's batch handler (worker/handlers.ts); a
   * failed job of a batch is retried alone. Default 1.
   */
  batchSize?: number;
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
      // A job holds its instance's singleton slot while active: if its worker is SIGKILLed (deploy, OOM), the
      // default 15 min expiry would stall that instance's events for 15 min (found by `npm run chaos`). One fetch
      // and apply take seconds; after 2 min the job is retried elsewhere.
      expireInSeconds: 120,
    },
    // Event → inbox latency is a product goal (p95 < 1 s): poll fast. A burst leaves a backlog of one job per
    // event: a consumer takes up to 50 at once (one fetch and one completion in pg-boss), merges the jobs of one
    // instance, and works on the batch's instances concurrently (lib/sync/process-inbound-batch.ts). Two
    // consumers, so one batch waiting on a slow source does not stop the next.
    worker: { concurrency: 2, batchSize: 50, pollingIntervalSeconds: 0.5 },
  }),
  'write-back-action': defineJob({
    payloadSchema: z.object({ actionId: z.uuid() }),
    queue: {
      // Throttling (20 QPS per API) and brief outages pass: retry with backoff for ~15 minutes.
      retryLimit: 6,
      retryDelay: 5,
      retryBackoff: true,
      deadLetter: 'dead-letter',
      // A write-back whose worker was killed is retried after 2 min instead of pg-boss's 15 min (the action
      // itself is idempotent: the handler checks the source before acting again).
      expireInSeconds: 120,
    },
    // The user is looking at the 提交中 badge: pick the action up at once.
    worker: { concurrency: 2, pollingIntervalSeconds: 0.5 },
  }),
  'reconcile-connectors': defineJob({
    payloadSchema: z.object({
      connectorId: z.uuid().optional(),
      /** What the stored run says started it; default `schedule` (the cron), `manual` when an admin asked. */
      trigger: z.enum(['schedule', 'manual']).optional(),
    }),
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
  // Directory sync (docs/identities.md)
  'sync-directory': defineJob({
    payloadSchema: z.object({
      /** One connector (立即同步通讯录), or every enabled DingTalk connector (schedule). */
      connectorId: z.uuid().optional(),
      trigger: z.enum(['manual', 'schedule']),
    }),
    queue: {
      // A sync walks the whole org: a second one queued behind a running one would only repeat it.
      policy: 'singleton',
      // A failed run is recorded in directory_syncs; the next one (or the admin's button) repeats it whole.
      retryLimit: 0,
      expireInSeconds: 30 * 60,
    },
    // The admin is waiting for the result on the identities page.
    worker: { pollingIntervalSeconds: 0.5 },
  }),
  // Local workflows: one job per external effect of an engine transition, and the resume of a step
  // that waited for a DingTalk instance.
  'run-local-effect': defineJob({
    payloadSchema: z.object({ effectId: z.uuid() }),
    queue: {
      // DingTalk throttling and webhook receivers' outages pass: 5 retries over ~5 minutes; after the last one an
      // automation step marks the instance errored (a visible log entry), other effects are recorded failed.
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      // Every call inside has its own timeout (≤ 15 s): a job active for 5 minutes belonged to a dead worker.
      expireInSeconds: 5 * 60,
      deadLetter: 'dead-letter',
    },
    // Approvers wait on these (their task arrives after the previous step's effect): poll fast.
    worker: { concurrency: 2, pollingIntervalSeconds: 0.5 },
  }),
  'resume-local-step': defineJob({
    payloadSchema: z.object({ linkId: z.uuid() }),
    // Only our own database is involved: a failure is a lock timeout or a stale run, retried briefly.
    queue: { retryLimit: 6, retryDelay: 5, retryBackoff: true, deadLetter: 'dead-letter' },
    // The next approver waits on it.
    worker: { pollingIntervalSeconds: 0.5 },
  }),
  'deliver-event': defineJob({
    payloadSchema: z.object({ deliveryId: z.uuid() }),
    queue: {
      // A subscriber may be down for a day: retry with backoff for ~24 h, then the delivery is `dead` (the
      // handler marks it on the final attempt and does not throw, so no dead-letter job). pg-boss waits
      // retryDelay × 2^n × (1 + random) before retry n+1 (n = 0…9): 56 s × (2^10 − 1) = 15.9 h at the least,
      // 31.8 h at the most, 23.9 h on average (lib/distribution/retry-schedule.ts; unit-tested).
      retryLimit: 10,
      retryDelay: 56,
      retryBackoff: true,
    },
    // Sends wait on the receiver, not the CPU: four at a time; event → subscriber within a second or two.
    worker: { concurrency: 4, pollingIntervalSeconds: 1 },
  }),
  // Uploads nobody submitted (docs/local-workflows.md): deleted with their bytes after UPLOAD_RETENTION_HOURS.
  // SLA (docs/sla.md): due times of open tasks after a process SLA or the business calendar changed.
  'recompute-due-dates': defineJob({
    payloadSchema: z.object({
      /** Both null: every process (the calendar changed). */
      connectorId: z.uuid().nullable(),
      processCode: z.string().nullable(),
    }),
    // Idempotent: a retry recomputes the same values. A few tries cover a database restart.
    queue: { retryLimit: 3, retryDelay: 30 },
  }),
  // SLA escalations (docs/sla.md): reminders before due, the manager's notice when overdue, the further action.
  'scan-sla-escalations': defineJob({
    payloadSchema: z.object({}),
    queue: {
      // One scan at a time is enough (the unique escalation rows make a concurrent one harmless); the next
      // minute's run picks up whatever a failed one left.
      policy: 'singleton',
      retryLimit: 0,
      // A minute's scan is stale after the next: keep the queue table small.
      retentionMinutes: 60,
    },
  }),
  // Insights (docs/insights.md): drains the change cursor into the facts and daily rollups.
  'refresh-analytics': defineJob({
    payloadSchema: z.object({}),
    queue: {
      // One refresh at a time (they also serialise on an advisory lock); a failed batch rolls back with its
      // dirty rows and the next minute's run takes them again, so no retry is needed.
      policy: 'singleton',
      retryLimit: 0,
      // A minute's run is stale after the next: keep the queue table small.
      retentionMinutes: 60,
    },
  }),
  'prune-uploads': defineJob({
    payloadSchema: z.object({}),
    queue: {
      // One run at a time; the next night's run picks up whatever this one left.
      policy: 'singleton',
      retryLimit: 0,
    },
  }),
  // The archive scrub (docs/operations.md): re-reads copied attachments, checks size and sha256, re-copies damage.
  'scrub-attachments': defineJob({
    payloadSchema: z.object({ limit: z.number().int().positive().optional() }),
    queue: {
      // One run at a time: two would read the whole archive twice.
      policy: 'singleton',
      // A failed run is not retried; the next night's run checks everything again.
      retryLimit: 0,
      // Reading a large archive takes a while.
      expireInSeconds: 4 * 3600,
    },
  }),
  // DingTalk work notices (and optional 待办) for tasks of sources that do not notify by themselves
  // (docs/dingtalk-connector.md § Notices in DingTalk): one job per applied instance, idempotent per task.
  'announce-tasks': defineJob({
    payloadSchema: z.object({ connectorId: z.uuid(), externalId: z.string().min(1) }),
    queue: {
      // Throttling and DingTalk hiccups pass: retry for ~10 minutes. A retry never sends twice (task_notices).
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 5 * 60,
      deadLetter: 'dead-letter',
    },
    // The assignee's phone should buzz soon after the task arrives.
    worker: { concurrency: 2, pollingIntervalSeconds: 1 },
  }),
  // 催办 and the daily digest (docs/reminders.md).
  'send-urge-notices': defineJob({
    payloadSchema: z.object({ urgeId: z.uuid() }),
    queue: {
      // Throttling and DingTalk hiccups pass: retry for ~10 minutes. A retry never sends twice (urge_notices).
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 5 * 60,
      deadLetter: 'dead-letter',
    },
    // The originator just clicked 催办 and the page shows the notices' state: pick it up at once.
    worker: { pollingIntervalSeconds: 0.5 },
  }),
  'send-daily-digests': defineJob({
    payloadSchema: z.object({}),
    queue: {
      // One run at a time (the per-user-per-day claim makes a concurrent one harmless anyway); the next run a few
      // minutes later takes up whatever a failed one left.
      policy: 'singleton',
      retryLimit: 0,
      retentionMinutes: 60,
      expireInSeconds: 15 * 60,
    },
  }),
  // @mentions in comments (docs/comments-and-print.md): one DingTalk work notice per mentioned person,
  // idempotent per mention (instance_mentions.notice_status is claimed before the send).
  'notify-mentions': defineJob({
    payloadSchema: z.object({ instanceId: z.uuid() }),
    queue: {
      // Throttling and DingTalk hiccups pass: retry for ~10 minutes; a claimed mention is never sent twice.
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 5 * 60,
      deadLetter: 'dead-letter',
    },
    // The mentioned colleague should hear of it while the conversation is fresh.
    worker: { pollingIntervalSeconds: 1 },
  }),
  'run-admin-operation': defineJob({
    payloadSchema: z.object({ operationId: z.uuid() }),
    queue: {
      // The operation records its own failure on its row; a blind retry would only repeat it. A worker that
      // died mid-way leaves the job to expire, and one retry then starts the (idempotent) operation over.
      retryLimit: 1,
      // A replay of the whole log or a resync of a 92-day window can take long.
      expireInSeconds: 4 * 3600,
    },
    // The admin is watching the progress bar: start at once.
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
