import type { JobName, JobPayload } from '@/lib/jobs/definitions';

export type Schedule<N extends JobName = JobName> = { name: N; cron: string; payload: JobPayload<N> };

/** Cron jobs as data (style rule 22). pg-boss runs each on one worker only, whatever the number of workers. */
export const SCHEDULES: Schedule[] = [
  // Every minute (pg-boss's finest cron grain): /api/health calls the worker down after 150 s without a beat.
  { name: 'worker-heartbeat', cron: '* * * * *', payload: { reason: 'schedule' } },
];
