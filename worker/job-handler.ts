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
