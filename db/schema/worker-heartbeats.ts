import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './_columns';

/** Liveness of each worker process, written by the `worker-heartbeat` job; read by /api/health. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  startedAt: tstz('started_at').notNull(),
  lastBeatAt: tstz('last_beat_at').notNull(),
});

export type WorkerHeartbeat = typeof workerHeartbeats.$inferSelect;
