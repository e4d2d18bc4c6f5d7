import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { startWorker } from '@/worker/start-worker';
import { sendJob } from './send-job';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

async function jobState(id: string): Promise<string | undefined> {
  const rows = await t.db.execute<{ state: string }>(
    sql`SELECT state FROM pgboss.job WHERE id = ${id} UNION ALL SELECT state FROM pgboss.archive WHERE id = ${id}`,
  );
  return rows[0]?.state;
}

test('sendJob inside a rolled-back transaction enqueues nothing', async () => {
  let jobId: string | null = null;
  await expect(
    t.db.transaction(async (tx) => {
      jobId = await sendJob(tx, 'worker-heartbeat', { reason: 'manual' });
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await jobState(jobId as unknown as string)).toBeUndefined();
});

test('sendJob rejects a payload that does not match the job definition', async () => {
  await expect(
    // @ts-expect-error: the payload type is checked at compile time too
    sendJob(t.db, 'worker-heartbeat', { reason: 'whenever' }),
  ).rejects.toThrow();
});

test('a job committed with the transaction is run by the worker', async () => {
  const jobId = await t.db.transaction((tx) => sendJob(tx, 'worker-heartbeat', { reason: 'manual' }));
  expect(jobId).not.toBeNull();
  expect(await jobState(jobId as string)).toBe('created');

  const worker = await startWorker({ databaseUrl: t.url, workerId: 'test-worker-1', schedules: false });
  try {
    await expect.poll(() => jobState(jobId as string), { timeout: 15_000, interval: 200 }).toBe('completed');
    const beats = await t.db.execute<{ worker_id: string }>(sql`SELECT worker_id FROM worker_heartbeats`);
    expect(beats.map((b) => b.worker_id)).toEqual(['test-worker-1']);
  } finally {
    await worker.stop();
  }
});
