/**
 * Open-API batch upsert: items/s through `POST /api/open/v1/batch` (the real route handler behind node:http:
 * API-key auth, JSON parse, per-item zod, people linking, applySnapshot() per item, one commit per batch),
 * beside the raw upsert yardstick measured in the same run on the same database.
 *
 * Each item is one instance with one approval task (assignee by email) and one log entry: the common shape of
 * an in-house system's push. Phases: `create` (new instances), `update` (the same ids with a newer updatedAt:
 * a task completes), `replay` (the update batch again: idempotent, every item answered `updated` with no net
 * change). Batches of 500; 1 and 2 batches in flight. Figures are printed, never asserted.
 */
import type { Server } from 'node:http';
import postgres from 'postgres';
import { closeDb, createDb, type Db } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { createApiConnectorWithKey, createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { benchDatabase, percentiles, type Row, report, round } from './harness';
import { measureRawUpserts } from './pg-upsert.bench';

/** The goal for a batch of 500 (needs set-based writes, one statement per table per batch). */
const GOAL_ITEMS_PER_SECOND = 2_000;
const BATCH = 500;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);
const RAW_ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const PEOPLE = 50;
const CONCURRENCIES = [1, 2] as const;

type Phase = 'create' | 'update' | 'replay';

function item(run: string, i: number, phase: Phase) {
  const externalId = `${run}-${i}`;
  const isDone = phase !== 'create';
  return {
    op: 'upsert',
    instance: {
      externalId,
      title: `采购申请 #${i}`,
      originator: { email: `p${i % PEOPLE}@bench.example` },
      summary: `金额 ¥ ${(i * 37) % 100_000}`,
      formValues: [{ name: '金额', value: (i * 37) % 100_000 }],
      createdAt: '2026-11-01T08:00:00Z',
      updatedAt: isDone ? '2026-11-01T10:00:00Z' : '2026-11-01T08:00:00Z',
      tasks: [
        {
          externalTaskId: `${externalId}-1`,
          assignee: { email: `p${(i + 1) % PEOPLE}@bench.example` },
          status: isDone ? 'done' : 'pending',
          result: isDone ? 'agree' : undefined,
        },
      ],
      logs: [
        { externalRecordId: `${externalId}-start`, action: 'start', occurredAt: '2026-11-01T08:00:00Z' },
      ],
    },
  };
}

async function measure(
  base: string,
  key: string,
  bodies: string[],
  concurrency: number,
): Promise<{ seconds: number; perSecond: number; p50: number; p99: number; failed: number }> {
  const samples: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const body = bodies[next++];
        if (body === undefined) return;
        const t0 = performance.now();
        const response = await fetch(`${base}/api/open/v1/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        const answer = (await response.json()) as { summary?: { failed: number } };
        if (response.status !== 200) throw new Error(`batch answered ${response.status}`);
        failed += answer.summary?.failed ?? 0;
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99 } = percentiles(samples);
  return {
    seconds: round(seconds),
    perSecond: Math.round((bodies.length * BATCH) / seconds),
    p50,
    p99,
    failed,
  };
}

export async function run(): Promise<void> {
  const previousUrl = process.env.DATABASE_URL;
  const db = await benchDatabase('openapi');
  let setupDb: Db | undefined;
  let raw: postgres.Sql | undefined;
  let server: Server | undefined;
  const rows: Row[] = [];
  try {
    await runMigrations(db.url);
    ensureTestSecretsKey();
    setupDb = createDb(db.url, { max: 2, applicationName: 'bench-setup' });
    await createUsers(
      setupDb,
      Array.from({ length: PEOPLE }, (_, i) => ({
        username: `p${i}`,
        name: `员工${i}`,
        email: `p${i}@bench.example`,
      })),
    );
    const api = await createApiConnectorWithKey(setupDb, { name: 'bench' });

    // ---- yardstick, same database, same run ----
    raw = postgres(db.url, { max: 16, onnotice: () => {} });
    for (const c of CONCURRENCIES) {
      const f = await measureRawUpserts(raw, c, RAW_ROWS);
      rows.push({
        path: 'raw upsert (postgres.js, yardstick)',
        phase: '-',
        'in flight': c,
        items: f.upserts,
        s: f.seconds,
        'items/s': f.perSecond,
        'p50 ms': f.p50,
        'p99 ms': f.p99,
      });
    }
    await raw.end();
    raw = undefined;

    // getDb() reads DATABASE_URL on first use: point it at the bench database before the route is imported.
    process.env.DATABASE_URL = db.url;
    const { POST } = await import('@/app/api/open/v1/batch/route');
    const served = await serveRoute(POST, 'batch');
    server = served.server;
    for (const c of CONCURRENCIES) {
      const runId = `c${c}`;
      for (const phase of ['create', 'update', 'replay'] as const) {
        const bodies = Array.from({ length: BATCHES }, (_, b) =>
          JSON.stringify({
            items: Array.from({ length: BATCH }, (_, i) => item(runId, b * BATCH + i, phase)),
          }),
        );
        const f = await measure(served.base, api.key, bodies, c);
        rows.push({
          path: 'POST /api/open/v1/batch (500 items)',
          phase,
          'in flight': c,
          items: BATCHES * BATCH,
          s: f.seconds,
          'items/s': f.perSecond,
          'p50 ms': f.p50,
          'p99 ms': f.p99,
          ...(f.failed ? { failed: f.failed } : {}),
          goal: `≥ ${GOAL_ITEMS_PER_SECOND} items/s: ${f.perSecond >= GOAL_ITEMS_PER_SECOND ? 'met' : 'MISSED'}`,
        });
      }
    }
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
    await closeDb();
    await setupDb?.$client.end({ timeout: 5 });
    await raw?.end();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await db.drop();
  }
  report('open-api', rows, {
    batch: BATCH,
    batches: BATCHES,
    item: 'instance + 1 approval task (assignee by email) + 1 log entry',
  });
}
