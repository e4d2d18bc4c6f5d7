import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { workerHeartbeats } from '@/db/schema';
import type { JobHandler } from '../job-handler';

/** Records that this worker process is alive and running jobs; /api/health reads it. */
export const handleWorkerHeartbeat: JobHandler<'worker-heartbeat'> = async (_payload, ctx) => {
  const now = new Date();
  await ctx.db
    .insert(workerHeartbeats)
    .values({
      workerId: ctx.workerId,
      hostname: hostname(),
      pid: process.pid,
      startedAt: ctx.startedAt,
      lastBeatAt: now,
    })
    .onConflictDoUpdate({
      target: workerHeartbeats.workerId,
      set: {
        lastBeatAt: sql`greatest(${workerHeartbeats.lastBeatAt}, excluded.last_beat_at)`,
        pid: process.pid,
      },
    });
};
