import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDb } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { startWorker } from '@/worker/start-worker';
import { getHealth } from './get-health';

let t: TestDatabase;
beforeAll(async () => {
  process.env.HEALTH_TOKEN = 'health-test-token';
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

test('degraded without a worker, ok once a worker beats, degraded again when the beat is stale', async () => {
  const before = await getHealth(t.db, { staleSeconds: 150 });
  expect(before).toMatchObject({
    status: 'degraded',
    database: { ok: true },
    worker: { ok: false, workers: 0 },
  });

  const worker = await startWorker({ databaseUrl: t.url, workerId: 'health-worker', schedules: false });
  try {
    await expect
      .poll(async () => (await getHealth(t.db, { staleSeconds: 150 })).status, {
        timeout: 15_000,
        interval: 200,
      })
      .toBe('ok');
  } finally {
    await worker.stop();
  }
  const later = new Date(Date.now() + 10 * 60_000);
  const stale = await getHealth(t.db, { staleSeconds: 150, now: later });
  expect(stale.status).toBe('degraded');
  expect(stale.worker.lastBeatAt).not.toBeNull();
});

test('down when the database does not answer', async () => {
  const unreachable = createDb('postgres://nobody@127.0.0.1:1/none', { max: 1 });
  try {
    const health = await getHealth(unreachable, { staleSeconds: 150 });
    expect(health).toMatchObject({ status: 'down', database: { ok: false } });
  } finally {
    await unreachable.$client.end({ timeout: 1 });
  }
});

test('GET /api/health reports the same through the route, with 200', async () => {
  process.env.DATABASE_URL = t.url;
  await t.db
    .insert(workerHeartbeats)
    .values({ workerId: 'w2', hostname: 'h', pid: 1, startedAt: new Date(), lastBeatAt: new Date() });
  const { GET } = await import('@/app/api/health/route');
  const anonymous = await GET(new Request('http://localhost/api/health'), { params: Promise.resolve({}) });
  expect(anonymous.status).toBe(200);
  // Anonymous monitors get the status only: no connector ids, no worker details.
  expect(await anonymous.json()).toEqual({ status: 'ok' });
  const response = await GET(
    new Request('http://localhost/api/health', { headers: { authorization: 'Bearer health-test-token' } }),
    { params: Promise.resolve({}) },
  );
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body.status).toBe('ok');
  expect(body.worker.workers).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(body)).not.toMatch(/postgres:\/\/|password|hostname/);
});
