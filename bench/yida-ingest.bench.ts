/**
 * Yida push ingest: how fast an integration-center push is verified (MD5 sign with the app's systemToken, time
 * window), stored (inbound_events row + its pg-boss job, one transaction) and answered `{"success":true}`
 * (invariant 1), beside the raw upsert yardstick measured in the same run and database.
 *
 * The real `POST` route handler of `/api/callbacks/yida/[connectorId]/[action]` behind node:http, fed by a
 * keep-alive load generator in this process with pre-signed pushes: half create pushes (`task` JSON text of
 * ~900 bytes, as Yida sends it), half complete pushes (the flat parameter set); then the same route behind the
 * ingest listener as deployed (connector cache invalidated by NOTIFY). No Next.js server in front, no
 * worker running (jobs accumulate). Goals are printed, never asserted: ingest ≥ 100% of the raw upsert rate at
 * the same concurrency, p99 < 50 ms at an offered 500 pushes/s.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { closeDb, createDb, type Db, getDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { startConnectorCacheInvalidation } from '@/lib/connectors/load-connector';
import { yidaPushSign } from '@/lib/connectors/yida/signature';
import { type IngestServer, startIngestServer } from '@/lib/ingest/start-ingest-server';
import { createYidaConnector, ensureTestSecretsKey } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { benchDatabase, percentiles, type Row, report, round } from './harness';
import { measureRawUpserts, UPSERT_CONCURRENCIES, type UpsertFigures } from './pg-upsert.bench';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const RAW_ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const OFFERED_RATE = 500;
const OFFERED_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const GOAL_RATIO = 1;
const GOAL_P99_MS = 50;
const LABEL = 'Yida push: route POST (decode, verify MD5, store, ack)';
const LISTENER_LABEL = 'Yida push: ingest listener (same route, connector cache on NOTIFY)';

type Push = { path: string; body: string };
type Figures = {
  events: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const previousUrl = process.env.DATABASE_URL;
  const db = await benchDatabase('yida-ingest');
  let server: Server | undefined;
  let ingest: IngestServer | undefined;
  let stopInvalidation: (() => Promise<void>) | undefined;
  let agent: Agent | undefined;
  let setupDb: Db | undefined;
  let raw: postgres.Sql | undefined;
  const rows: Row[] = [];
  const context: Record<string, unknown> = {};
  try {
    await runMigrations(db.url);
    ensureTestSecretsKey();
    setupDb = createDb(db.url, { max: 2, applicationName: 'bench-setup' });
    const connector = await createYidaConnector(setupDb, {
      // The OpenAPI is never called here: no worker runs during the measurement.
      sandboxUrl: 'http://127.0.0.1:9',
      corpId: TEST_CORP_ID,
      app: TEST_APP,
      yida: TEST_YIDA,
      operatorUserId: 'u1',
      name: 'bench yida',
    });

    raw = postgres(db.url, { max: 16, onnotice: () => {} });
    const rawFigures = new Map<number, UpsertFigures>();
    for (const c of UPSERT_CONCURRENCIES) rawFigures.set(c, await measureRawUpserts(raw, c, RAW_ROWS));
    await raw.end();
    raw = undefined;
    for (const f of rawFigures.values()) {
      rows.push({
        path: 'raw upsert (postgres.js, yardstick)',
        load: `closed, ${f.concurrency} in flight`,
        events: f.upserts,
        s: f.seconds,
        'events/s': f.perSecond,
        'p50 ms': f.p50,
        'p99 ms': f.p99,
      });
    }

    // getDb() reads DATABASE_URL on first use: point it at the bench database before the route is imported.
    process.env.DATABASE_URL = db.url;
    const { POST } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
    const served = await serveRoute(POST, ['connectorId', 'action']);
    server = served.server;
    const httpAgent = new Agent({ keepAlive: true });
    agent = httpAgent;
    const base = `/api/callbacks/yida/${connector.id}`;
    const measure = async (label: string, port: number) => {
      const send = (push: Push) => postOnce(httpAgent, port, push);
      await closedLoop(8, buildPushes(base, 200), send); // warm-up: JIT, pools, prepared plans
      for (const c of UPSERT_CONCURRENCIES) {
        const f = await closedLoop(c, buildPushes(base, EVENTS), send);
        const rawAt = rawFigures.get(c);
        const ratio = rawAt ? f.perSecond / rawAt.perSecond : 0;
        rows.push({
          ...row(label, `closed, ${c} in flight`, f),
          '% of raw': `${Math.round(ratio * 100)}%`,
          goal: `≥ ${GOAL_RATIO * 100}% raw: ${ratio >= GOAL_RATIO ? 'met' : 'MISSED'}`,
        });
      }
      const offered = await offeredLoad(buildPushes(base, OFFERED_RATE * OFFERED_SECONDS), send);
      rows.push({
        ...row(label, `open, offered ${OFFERED_RATE}/s`, offered),
        goal: `p99 < ${GOAL_P99_MS} ms: ${offered.p99 < GOAL_P99_MS ? 'met' : 'MISSED'}`,
      });
    };
    await measure(LABEL, served.port);

    // The same route as deployed (`npm start`, compose): the ingest listener, its connector cache invalidated
    // by NOTIFY (what `npm run ingest` starts), so no per-request connector query.
    stopInvalidation = await startConnectorCacheInvalidation(getDb());
    ingest = await startIngestServer({ port: 0, host: '127.0.0.1' });
    await measure(LISTENER_LABEL, ingest.port);

    // Every answered push must be a committed row: a cheap check that the figures measured real work.
    context.inboundEventsStored = (
      await setupDb.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM inbound_events`)
    )[0]?.n;
  } finally {
    agent?.destroy();
    await ingest?.close();
    await stopInvalidation?.();
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
  report('yida-ingest', rows, {
    ...context,
    eventsPerClosedLevel: EVENTS,
    rawRowsPerLevel: RAW_ROWS,
    offered: `${OFFERED_RATE} pushes/s for ${OFFERED_SECONDS} s`,
    goals: { ingestVsRaw: `≥ ${GOAL_RATIO * 100}% at the same concurrency`, p99At500: `< ${GOAL_P99_MS} ms` },
    notes: [
      'Latency: request written → {"success":true} read by the load generator (keep-alive, same process).',
      'Pushes alternate create (task JSON text) and complete (flat parameters), JSON bodies, unique instance ids.',
      'Each push is stored with its pg-boss job in one transaction; no worker runs, jobs accumulate.',
    ],
  });
}

/** Signed pushes as Yida's integration center sends them (yida-connect-api.md §1.3–§1.5). */
function buildPushes(base: string, n: number): Push[] {
  return Array.from({ length: n }, (_, i) => {
    const instanceId = randomUUID();
    const dateTime = String(Date.now());
    const params: Record<string, string> =
      i % 2 === 0
        ? {
            task: JSON.stringify({
              actionerId: 'u2',
              appType: TEST_YIDA.appType,
              createTime: Date.now(),
              dataMap: { textField_visitor: '访客甲', numberField_count: '2' },
              dataType: 'pinst',
              formInstanceId: instanceId,
              formUuid: TEST_YIDA.formUuid,
              originatorCorpId: TEST_CORP_ID,
              originatorDisplayName: '张一',
              originatorId: 'u1',
              processCode: TEST_YIDA.processCode,
              processInstanceId: '',
              processInstanceStatus: 'RUNNING',
              taskId: String(100_000 + i),
              title: '张一发起的访客申请',
              url: `https://www.aliwork.com/${TEST_YIDA.appType}/processDetail?procInsId=${instanceId}`,
            }),
            dateTime,
          }
        : {
            appType: TEST_YIDA.appType,
            corpId: TEST_CORP_ID,
            taskId: String(100_000 + i),
            actualWorkId: 'u2',
            formInstId: instanceId,
            dateTime,
          };
    const action = i % 2 === 0 ? 'create' : 'complete';
    return {
      path: `${base}/${action}`,
      body: JSON.stringify({ ...params, sign: yidaPushSign(params, TEST_YIDA.systemToken) }),
    };
  });
}

function postOnce(agent: Agent, port: number, push: Push): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: push.path,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(push.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && text.includes('"success":true')) resolve();
          else reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(push.body);
  });
}

async function closedLoop(
  concurrency: number,
  items: Push[],
  send: (p: Push) => Promise<void>,
): Promise<Figures> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const item = items[next++];
        if (item === undefined) return;
        const t0 = performance.now();
        try {
          await send(item);
          samples.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return figures(samples, (performance.now() - started) / 1000, errors);
}

/** Open loop: push i is due at t0 + i/rate; its latency counts from that due time. */
async function offeredLoad(items: Push[], send: (p: Push) => Promise<void>): Promise<Figures> {
  const samples: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const interval = 1000 / OFFERED_RATE;
  const t0 = performance.now();
  let i = 0;
  while (i < items.length) {
    const now = performance.now();
    while (i < items.length && t0 + i * interval <= now) {
      const scheduled = t0 + i * interval;
      const item = items[i] as Push;
      inFlight.push(
        send(item).then(
          () => {
            samples.push(performance.now() - scheduled);
          },
          () => {
            errors += 1;
          },
        ),
      );
      i += 1;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return figures(samples, (performance.now() - t0) / 1000, errors);
}

function figures(samples: number[], seconds: number, errors: number): Figures {
  const p = percentiles(samples);
  return {
    events: samples.length,
    seconds: round(seconds),
    perSecond: Math.round(samples.length / seconds),
    p50: p.p50,
    p99: p.p99,
    errors,
  };
}

function row(path: string, load: string, f: Figures): Row {
  return {
    path,
    load,
    events: f.events,
    s: f.seconds,
    'events/s': f.perSecond,
    'p50 ms': f.p50,
    'p99 ms': f.p99,
    errors: f.errors,
  };
}
