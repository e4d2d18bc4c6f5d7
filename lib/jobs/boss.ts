import PgBoss from 'pg-boss';
import { DEAD_LETTER_QUEUE, JOB_NAMES, JOBS } from './definitions';

/** Where pg-boss keeps its tables, next to ours in the same database. */
export const BOSS_SCHEMA = 'pgboss';

/**
 * Installs (or upgrades) pg-boss's schema and creates a queue for every job definition, so the web app can
 * enqueue before any worker has started. Called by db/migrate.ts.
 */
export async function ensureJobQueues(databaseUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: BOSS_SCHEMA,
    supervise: false,
    schedule: false,
    max: 2,
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    // The dead-letter queue first: other queues reference it.
    if (!existing.has(DEAD_LETTER_QUEUE.name))
      await boss.createQueue(DEAD_LETTER_QUEUE.name, { ...DEAD_LETTER_QUEUE });
    for (const name of JOB_NAMES) {
      const options = { name, ...JOBS[name].queue };
      if (existing.has(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
