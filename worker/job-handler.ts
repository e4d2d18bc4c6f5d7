import type { Db } from '@/db/client';
import type { JobName, JobPayload } from '@/lib/jobs/definitions';
import type { Logger } from '@/lib/log';

export type JobContext = {
  db: Db;
  log: Logger;
  workerId: string;
  startedAt: Date;
  jobId: string;
  /** No retry follows if this attempt throws (pg-boss then moves the job to the dead-letter queue). */
  isFinalAttempt: boolean;
};

/** A job handler receives an already-validated payload. Throwing makes pg-boss retry (then dead-letter). */
export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;

/** One job of a batch, its payload already validated. */
export type BatchJob<N extends JobName> = {
  id: string;
  payload: JobPayload<N>;
  /** No retry follows if this job fails. */
  isFinalAttempt: boolean;
  /** Retries left after this attempt (0 on the final one). */
  retriesLeft: number;
};

/** A job of a batch that failed, with its error: pg-boss retries it alone (then dead-letters it). */
export type BatchJobFailure = { jobId: string; error: unknown };

/**
 * Handles the jobs a consumer fetched together (a queue with `worker.batchSize`): returns the jobs that failed;
 * every other job of the batch completes.
 */
export type BatchJobHandler<N extends JobName> = (
  jobs: BatchJob<N>[],
  ctx: Omit<JobContext, 'jobId' | 'isFinalAttempt'>,
) => Promise<BatchJobFailure[]>;
