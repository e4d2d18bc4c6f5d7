import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import { createDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { setSharedLimitsDb } from '@/lib/connectors/dingtalk/shared-limits';
import type { ReconnectPolicy } from '@/lib/connectors/dingtalk/stream-client';
import { flushApiUsage, setApiUsageSink } from '@/lib/connectors/meter-api-calls';
import { sealPlainRobotUrls } from '@/lib/distribution/subscription-url';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { JOB_NAMES, JOBS, type JobDefinition, type JobName } from '@/lib/jobs/definitions';
import { sendJob } from '@/lib/jobs/send-job';
import { log as rootLog } from '@/lib/log';
import { BATCH_HANDLERS, HANDLERS } from './handlers';
import type { BatchJob, BatchJobHandler, JobContext, JobHandler } from './job-handler';
import { SCHEDULES } from './schedules';
import { startDingTalkStreams } from './streams/dingtalk-streams';

export type WorkerOptions = {
  databaseUrl: string;
  workerId?: string;
  /** Run migrations first (the standalone worker does; tests have a migrated database already). */
  migrate?: boolean;
  /** Register cron schedules (on by default). */
  schedules?: boolean;
  /** Hold DingTalk Stream connections for stream-mode connectors (on by default). */
  streams?: boolean;
  /** Stream reconnect backoff (DINGTALK_STREAM_RECONNECT_*; tests shrink it). */
  streamReconnect?: Partial<ReconnectPolicy>;
};

/** How often the worker re-reads connector settings to open, re-open or close Stream connections. */
const STREAM_REFRESH_MS = 30_000;

export type RunningWorker = { workerId: string; stop(): Promise<void> };

/**
 * Boots a worker: pg-boss on the app's database, one handler per job definition, cron schedules, and a boot
 * heartbeat. Several workers may run at once; pg-boss hands each job to one of them (SKIP LOCKED).
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = rootLog.child({ workerId });
  if (options.migrate) await runMigrations(options.databaseUrl);

  const db = createDb(options.databaseUrl, { max: 10, applicationName: 'huiban-worker' });
  // Source API calls made by this worker's jobs are counted into this database (sync-health quota figure).
  setApiUsageSink(db);
  // DingTalk's QPS limit and token are shared with the other workers and the web through this database.
  setSharedLimitsDb(db);
  // Robot webhooks stored before they were sealed are sealed once here (idempotent; see subscription-url.ts).
  const resealed = await sealPlainRobotUrls(db);
  if (resealed > 0) log.info({ subscriptions: resealed }, 'sealed plaintext robot webhook URLs');
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: BOSS_SCHEMA,
    max: 5,
    // Maintenance is what expires the jobs of a worker that died (SIGKILL, OOM): every 30 s instead of 120 s,
    // so their retry starts within ~30 s of the expiry (`npm run chaos` waited up to 4 min for one).
    maintenanceIntervalSeconds: 30,
  });
  let isStopping = false;
  // While stopping, lost connections are expected (e.g. Ctrl-C also stopped the embedded PostgreSQL).
  boss.on('error', (error) =>
    isStopping
      ? log.debug({ err: error }, 'pg-boss error while stopping')
      : log.error({ err: error }, 'pg-boss error'),
  );
  await boss.start();

  const startedAt = new Date();
  for (const name of JOB_NAMES) {
    const definition: JobDefinition = JOBS[name];
    const { concurrency = 1, pollingIntervalSeconds = 2, batchSize = 1 } = definition.worker ?? {};
    const batchHandler = BATCH_HANDLERS[name] as BatchJobHandler<JobName> | undefined;
    for (let i = 0; i < concurrency; i++) {
      let consumerId: string | undefined;
      consumerId = await boss.work(
        name,
        { batchSize: batchHandler ? batchSize : 1, includeMetadata: true, pollingIntervalSeconds },
        async (jobs) => {
          try {
            if (batchHandler) {
              await runBatch(boss, name, jobs, batchHandler, {
                db,
                log: log.child({ job: name }),
                workerId,
                startedAt,
              });
              return;
            }
            const [job] = jobs;
            if (!job) return;
            await runJob(name, job, {
              db,
              log: log.child({ job: name, jobId: job.id }),
              workerId,
              startedAt,
              jobId: job.id,
              isFinalAttempt: job.retryCount >= job.retryLimit,
            });
          } finally {
            // pg-boss 10 waits out the polling interval even after a fetch that found work; after a job, look
            // for the next one at once (a busy queue drains at job speed, an idle one polls at the interval).
            if (consumerId) boss.notifyWorker(consumerId);
          }
        },
      );
    }
  }
  if (options.schedules !== false) {
    for (const schedule of SCHEDULES) await boss.schedule(schedule.name, schedule.cron, schedule.payload);
  }
  const streams =
    options.streams === false
      ? undefined
      : startDingTalkStreams(db, log.child({ part: 'streams' }), { reconnect: options.streamReconnect });
  await streams?.refresh();
  const streamTimer = streams
    ? setInterval(() => {
        streams.refresh().catch((error: unknown) => log.error({ err: error }, 'stream refresh failed'));
      }, STREAM_REFRESH_MS)
    : undefined;
  await sendJob(db, 'worker-heartbeat', { reason: 'boot' });
  log.info({ jobs: JOB_NAMES.length, schedules: SCHEDULES.length }, 'worker started');

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    stop() {
      stopping ??= (async () => {
        isStopping = true;
        log.info('worker stopping');
        clearInterval(streamTimer);
        await streams?.stop();
        // Graceful: active jobs finish (up to 20 s) before the pool closes.
        await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
        await flushApiUsage(db).catch((err: unknown) => log.warn({ err }, 'api usage flush failed'));
        setApiUsageSink(undefined);
        setSharedLimitsDb(undefined);
        await db.$client.end({ timeout: 5 });
        log.info('worker stopped');
      })();
      return stopping;
    },
  };
}

async function runJob(name: JobName, job: PgBoss.JobWithMetadata<unknown>, ctx: JobContext): Promise<void> {
  const parsed = JOBS[name].payloadSchema.safeParse(job.data);
  if (!parsed.success) {
    // Retrying cannot fix a bad payload (style rule 14): record it and complete the job.
    ctx.log.error({ issues: parsed.error.issues }, 'job payload rejected');
    return;
  }
  const handler = HANDLERS[name] as JobHandler<JobName>;
  await handler(parsed.data, ctx);
}

/**
 * A fetched batch through its queue's batch handler. The jobs it reports failed are failed here, one by one with
 * their own error (pg-boss retries or dead-letters each alone); pg-boss completes the rest when this returns
 * (its completion only touches jobs still active). A bad payload is recorded and completed, as in runJob().
 */
async function runBatch(
  boss: PgBoss,
  name: JobName,
  jobs: PgBoss.JobWithMetadata<unknown>[],
  handler: BatchJobHandler<JobName>,
  ctx: Omit<JobContext, 'jobId' | 'isFinalAttempt'>,
): Promise<void> {
  const valid: BatchJob<JobName>[] = [];
  for (const job of jobs) {
    const parsed = JOBS[name].payloadSchema.safeParse(job.data);
    if (!parsed.success) {
      ctx.log.error({ jobId: job.id, issues: parsed.error.issues }, 'job payload rejected');
      continue;
    }
    const retriesLeft = Math.max(0, job.retryLimit - job.retryCount);
    valid.push({ id: job.id, payload: parsed.data, isFinalAttempt: retriesLeft === 0, retriesLeft });
  }
  if (valid.length === 0) return;
  const failures = await handler(valid, ctx);
  for (const { jobId, error } of failures) {
    const message = error instanceof Error ? error.message : String(error);
    await boss.fail(name, jobId, { message, stack: error instanceof Error ? error.stack : undefined });
  }
}
