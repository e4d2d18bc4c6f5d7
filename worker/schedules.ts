import type { JobName, JobPayload } from '@/lib/jobs/definitions';

export type Schedule<N extends JobName = JobName> = { name: N; cron: string; payload: JobPayload<N> };

/** Cron jobs as data (style rule 14). pg-boss runs each on one worker only, whatever the number of workers. */
export const SCHEDULES: Schedule[] = [
  // Every minute (pg-boss's finest cron grain): /api/health calls the worker down after 150 s without a beat.
  { name: 'worker-heartbeat', cron: '* * * * *', payload: { reason: 'schedule' } },
  // Every 10 minutes: Yida never retries a push and DingTalk drops events after its retries; 10 min bounds the
  // staleness of a missed event while keeping re-fetches (one API call per open instance) within the monthly
  // quota of a typical org.
  { name: 'reconcile-connectors', cron: '*/10 * * * *', payload: {} },
  // Every minute: an SLA reminder or overdue notice is at most a minute late; a scan reads only pending tasks of
  // processes with an SLA, and each step is claimed once (docs/sla.md).
  { name: 'scan-sla-escalations', cron: '* * * * *', payload: {} },
  // Every 5 minutes: daily digests fall due at each user's hour (default 09:00 company time) on working days; a
  // digest is at most 5 minutes late, and each user gets one per day however often this runs (docs/reminders.md).
  { name: 'send-daily-digests', cron: '*/5 * * * *', payload: {} },
  // Every minute: insights figures lag the task tables by at most a minute or so; each run reads only the
  // instances changed since the last (docs/insights.md).
  { name: 'refresh-analytics', cron: '* * * * *', payload: {} },
  // Nightly at 03:00: contact events keep the directory current; a full pass repairs the ones that were missed
  // (contact APIs are exempt from the monthly quota, but a large org's walk still takes minutes).
  { name: 'sync-directory', cron: '0 3 * * *', payload: { trigger: 'schedule' } },
  // Nightly at 03:30: uploads no submitted form took up are deleted after UPLOAD_RETENTION_HOURS (default 24).
  { name: 'prune-uploads', cron: '30 3 * * *', payload: {} },
  // Nightly at 04:00, after the other night jobs: re-reading the archive is I/O heavy, and a file damaged today
  // is found (and copied again from the source while the source still has it) within a day.
  { name: 'scrub-attachments', cron: '0 4 * * *', payload: {} },
];
