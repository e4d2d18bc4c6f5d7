import type { JobName, JobPayload } from '@/lib/jobs/definitions';

export type Schedule<N extends JobName = JobName> = { name: N; cron: string; payload: JobPayload<N> };

/** Cron jobs as data (style rule 22). pg-boss runs each on one worker only, whatever the number of workers. */
export const SCHEDULES: Schedule[] = [
  // Every minute (pg-boss's finest cron grain): /api/health calls the worker down after 150 s without a beat.
  { name: 'worker-heartbeat', cron: '* * * * *', payload: { reason: 'schedule' } },
  // Every 10 minutes: Yida never retries a push and DingTalk drops events after its retries; 10 min bounds the
  // staleness of a missed event while keeping re-fetches (one API call per open instance) within the monthly
  // quota of a typical org.
  { name: 'reconcile-connectors', cron: '*/10 * * * *', payload: {} },
];
