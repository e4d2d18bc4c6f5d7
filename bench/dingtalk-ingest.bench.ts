/**
 * DingTalk ingest: how fast an event is verified, stored and acknowledged (invariant 1: the ack waits for the
 * committed inbound_events row + its pg-boss job), beside the raw upsert yardstick measured in the same run.
 *
 * - HTTP: the real `POST` route handler behind node:http, fed by a keep-alive load generator in this process
 *   that signs and encrypts bpms_task_change bodies itself (pre-built before timing, as DingTalk does on its
 *   side). No Next.js server in front, so its overhead is not counted. Then the same route behind the ingest
 *   listener as deployed (start-ingest-server.ts, connector cache invalidated by NOTIFY).
 * - Stream: the sandbox's Stream gateway pushes the events of `startInstance()` (bpms_instance_change +
 *   bpms_task_change, 2 per instance) over WebSocket to a DingTalkStreamClient whose handler does what the
 *   worker's stream manager does: parseStreamEvent() → recordInboundEvent(), then the ack.
 *
 * Everything (load generator, sandbox, server, client) shares one Node process and the machine's cores with
 * PostgreSQL. Goals are printed, never asserted: ingest ≥ 100% of the raw upsert rate at the same concurrency,
 * p99 ack < 50 ms at an offered 500 events/s.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { closeDb, createDb, type Db, getDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { encryptCallback, signCallback } from '@/lib/connectors/dingtalk/callback-crypto';
import { parseStreamEvent } from '@/lib/connectors/dingtalk/parse-event';
import { DingTalkStreamClient } from '@/lib/connectors/dingtalk/stream-client';
import { startConnectorCacheInvalidation } from '@/lib/connectors/load-connector';
import { type InboundEventInput, recordInboundEvent } from '@/lib/inbound/record-inbound-event';
import { type IngestServer, startIngestServer } from '@/lib/ingest/start-ingest-server';
import { createDingTalkConnector, ensureTestSecretsKey } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { benchDatabase, percentiles, type Row, report, round } from './harness';
import { measureRawUpserts, UPSERT_CONCURRENCIES, type UpsertFigures } from './pg-upsert.bench';

/** Events per closed-loop level (HTTP and Stream) and raw upserts per yardstick level. */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const RAW_ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const OFFERED_RATE = 500;
const OFFERED_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const STREAM_WINDOWS = [2, 4, 16] as const;
const GOAL_RATIO = 1;
const GOAL_P99_MS = 50;
const HTTP_LABEL = 'HTTP callback: route POST (verify, decrypt, store, ack)';
const LISTENER_LABEL = 'HTTP callback: ingest listener (same route, connector cache on NOTIFY)';
const DIRECT_LABEL = 'recordInboundEvent() called directly (no transport, no crypto)';
const STREAM_LABEL = 'Stream: sandbox gateway → client → recordInboundEvent → ack';

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
  const db = await benchDatabase('ingest');
  let sandbox: RunningSandbox | undefined;
  let server: Server | undefined;
  let ingest: IngestServer | undefined;
  let stopInvalidation: (() => Promise<void>) | undefined;
  let agent: Agent | undefined;
  let client: DingTalkStreamClient | undefined;
  let setupDb: Db | undefined;
  let streamDb: Db | undefined;
  let raw: postgres.Sql | undefined;
  const rows: Row[] = [];
  const context: Record<string, unknown> = {};
  try {
    await runMigrations(db.url);
    ensureTestSecretsKey();
    sandbox = await startSandbox({
      scenario: minimalScenario(),
      // A backlog must not turn into redeliveries (3 s ack timeout) while the rate is measured.
      options: { streamAckTimeoutMs: 60_000, streamPingIntervalMs: 0, qpsLimit: 0 },
    });
    setupDb = createDb(db.url, { max: 2, applicationName: 'bench-setup' });
    const http = await createDingTalkConnector(setupDb, {
      sandboxUrl: sandbox.url,
      corpId: TEST_CORP_ID,
      app: TEST_APP,
      deliveryMode: 'http',
      name: 'bench http',
    });
    const stream = await createDingTalkConnector(setupDb, {
      sandboxUrl: sandbox.url,
      corpId: TEST_CORP_ID,
      app: TEST_APP,
      deliveryMode: 'stream',
      name: 'bench stream',
    });

    // ---- yardstick, same database, same run ----
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

    // ---- the stored work alone: where the time goes when a transport misses its goal ----
    const direct = createDb(db.url, { max: 10, applicationName: 'bench-direct' });
    try {
      for (const c of UPSERT_CONCURRENCIES) {
        const events = Array.from({ length: EVENTS }, () => directEvent());
        const f = await closedLoop(c, events, async (e) => {
          await recordInboundEvent(direct, http.id, e);
        });
        rows.push(ingestRow(DIRECT_LABEL, `closed, ${c} in flight`, f, rawFigures.get(c)));
      }
    } finally {
      await direct.$client.end({ timeout: 5 });
    }

    // ---- HTTP callback ----
    // getDb() reads DATABASE_URL on first use: point it at the bench database before the route is imported.
    process.env.DATABASE_URL = db.url;
    const { POST } = await import('@/app/api/callbacks/dingtalk/[connectorId]/route');
    const served = await serveRoute(POST, 'connectorId');
    server = served.server;
    agent = new Agent({ keepAlive: true });
    const httpAgent = agent;
    const callbackPath = `/api/callbacks/dingtalk/${http.id}`;
    const measureHttp = async (label: string, port: number) => {
      const postEvent = (body: { path: string; body: string }) => postOnce(httpAgent, port, body);
      await closedLoop(8, buildCallbacks(callbackPath, 200), postEvent); // warm-up: JIT, pools, prepared plans
      for (const c of UPSERT_CONCURRENCIES) {
        const f = await closedLoop(c, buildCallbacks(callbackPath, EVENTS), postEvent);
        rows.push(ingestRow(label, `closed, ${c} in flight`, f, rawFigures.get(c)));
      }
      const offered = await offeredLoad(
        OFFERED_RATE,
        OFFERED_SECONDS,
        buildCallbacks(callbackPath, OFFERED_RATE * OFFERED_SECONDS),
        postEvent,
      );
      rows.push(offeredRow(label, offered));
    };
    await measureHttp(HTTP_LABEL, served.port);

    // The same route as deployed (`npm start`, compose): the ingest listener, its connector cache invalidated
    // by NOTIFY (what `npm run ingest` starts), so no per-request connector query.
    stopInvalidation = await startConnectorCacheInvalidation(getDb());
    ingest = await startIngestServer({ port: 0, host: '127.0.0.1' });
    await measureHttp(LISTENER_LABEL, ingest.port);

    // ---- Stream ----
    streamDb = createDb(db.url, { max: 10, applicationName: 'bench-stream' });
    const sdb = streamDb;
    const instanceOf = new Map<string, string>();
    const startedAt = new Map<string, number>();
    client = new DingTalkStreamClient({
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      apiBase: sandbox.url,
      oapiBase: sandbox.url,
      ua: 'huiban-bench',
      autoReconnect: false,
    });
    // The worker's stream manager handler (worker/streams/dingtalk-streams.ts), minus its subscription filter.
    client.onStreamEvent(async (event) => {
      instanceOf.set(
        event.eventId,
        String((event.data as { processInstanceId?: unknown }).processInstanceId),
      );
      await recordInboundEvent(sdb, stream.id, parseStreamEvent(event));
    });
    await client.connect();
    await client.waitUntilConnected();
    const box = sandbox;
    const streamClient = client;
    const startOne = (at: number) => {
      const started = box.control.startInstance({
        processCode: TEST_PROCESS_CODE,
        originatorUserId: 'u1',
        approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
        form: { 采购事由: '显示器' },
      });
      startedAt.set(String(started.processInstanceId), at);
    };
    const streamRun = (drive: () => ((acked: number) => void) | undefined, expected: number) =>
      measureStream(box, streamClient, instanceOf, startedAt, drive, expected);

    // Warm-up: 50 instances at once.
    await streamRun(() => {
      for (let i = 0; i < 50; i++) startOne(performance.now());
      return undefined;
    }, 100);
    for (const window of STREAM_WINDOWS) {
      const total = EVENTS - (EVENTS % 2);
      let sent = 0;
      const f = await streamRun(() => {
        // Start another instance whenever its 2 events fit in the window.
        const pump = (acked: number) => {
          while (sent < total && sent - acked + 2 <= window) {
            startOne(performance.now());
            sent += 2;
          }
        };
        pump(0);
        return pump;
      }, total);
      rows.push(
        ingestRow(
          STREAM_LABEL,
          `closed, ${window} in flight`,
          f,
          rawFigures.get(window === 2 ? 1 : window),
          window === 2 ? 'vs raw @1' : undefined,
        ),
      );
    }
    // Offered load: 250 instances/s = 500 events/s, each event's latency from its scheduled emit time.
    const instancesPerSecond = OFFERED_RATE / 2;
    const expected = instancesPerSecond * OFFERED_SECONDS * 2;
    const streamOffered = await streamRun(() => {
      void paced(instancesPerSecond, OFFERED_SECONDS, (_i, scheduled) => startOne(scheduled));
      return undefined;
    }, expected);
    rows.push(offeredRow(STREAM_LABEL, streamOffered));

    // Every acknowledged event must be a committed row: a cheap check that the figures measured real work.
    context.inboundEventsStored = Object.fromEntries(
      (
        await setupDb.execute<{ name: string; n: number }>(
          sql`SELECT c.name, count(*)::int AS n FROM inbound_events e JOIN connectors c ON c.id = e.connector_id GROUP BY c.name`,
        )
      ).map((r) => [r.name, r.n]),
    );
  } finally {
    client?.disconnect();
    agent?.destroy();
    await ingest?.close();
    await stopInvalidation?.();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
    await closeDb();
    await streamDb?.$client.end({ timeout: 5 });
    await setupDb?.$client.end({ timeout: 5 });
    await raw?.end();
    await sandbox?.close();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await db.drop();
  }
  report('dingtalk-ingest', rows, {
    ...context,
    eventsPerClosedLevel: EVENTS,
    rawRowsPerLevel: RAW_ROWS,
    offered: `${OFFERED_RATE} events/s for ${OFFERED_SECONDS} s`,
    goals: {
      ingestVsRaw: `≥ ${GOAL_RATIO * 100}% at the same concurrency`,
      p99AckAt500: `< ${GOAL_P99_MS} ms`,
    },
    notes: [
      'HTTP ack latency: request written → encrypted success read by the load generator (keep-alive, same process).',
      'Stream ack latency: startInstance() emit (scheduled time under offered load) → ack frame written by the client; sub-ms clock. "gw" columns: the sandbox gateway\'s own sentAt→ackedAt (ms clock).',
      'Each event is stored with its pg-boss job in one transaction; no worker runs, jobs accumulate.',
      'HTTP events: unique eventId and processInstanceId each (every event enqueues). Stream events: 2 per instance (the second job goes to the next debounce slot).',
      'Stream "2 in flight" is compared with raw upserts at 1 in flight: an instance start emits 2 events at once.',
    ],
  });
}

// ---- HTTP load generation -------------------------------------------------------------------------

type Callback = { path: string; body: string };

/** Signed, encrypted bpms_task_change bodies, as DingTalk's push would send them (dingtalk-api.md §3). */
function buildCallbacks(path: string, n: number): Callback[] {
  return Array.from({ length: n }, () => {
    const instanceId = randomUUID();
    const plaintext = JSON.stringify({
      EventType: 'bpms_task_change',
      eventId: randomUUID().replaceAll('-', ''),
      processInstanceId: instanceId,
      processCode: TEST_PROCESS_CODE,
      corpId: TEST_CORP_ID,
      type: 'start',
      staffId: 'u2',
      createTime: Date.now(),
      bizCategoryId: '',
      title: '张一提交的采购申请',
    });
    const encrypt = encryptCallback(TEST_APP.aesKey, TEST_APP.clientId, plaintext);
    const timestamp = String(Date.now());
    const nonce = randomUUID().slice(0, 8);
    const signature = signCallback(TEST_APP.callbackToken, timestamp, nonce, encrypt);
    const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce });
    return { path: `${path}?${query}`, body: JSON.stringify({ encrypt }) };
  });
}

/** A parsed bpms_task_change as both transports hand it to recordInboundEvent(). */
function directEvent(): InboundEventInput {
  const instanceId = randomUUID();
  return {
    sourceEventId: randomUUID().replaceAll('-', ''),
    type: 'bpms_task_change',
    instanceExternalId: instanceId,
    payload: { processInstanceId: instanceId, processCode: TEST_PROCESS_CODE, type: 'start', staffId: 'u2' },
  };
}

function postOnce(agent: Agent, port: number, cb: Callback): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: cb.path,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(cb.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && text.includes('"encrypt"')) resolve();
          else reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(cb.body);
  });
}

/** `concurrency` callers, each sending the next item as soon as its previous one was acknowledged. */
async function closedLoop<T>(
  concurrency: number,
  items: T[],
  send: (item: T) => Promise<void>,
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
  const seconds = (performance.now() - started) / 1000;
  return figures(samples, seconds, errors);
}

/**
 * Open loop: item i is due at t0 + i/rate whatever happened to earlier ones; its latency counts from that due
 * time, so a server (or generator) falling behind shows up in the figures instead of slowing the offer down.
 */
async function offeredLoad<T>(
  rate: number,
  seconds: number,
  items: T[],
  send: (item: T) => Promise<void>,
): Promise<Figures> {
  const samples: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  await paced(rate, seconds, (i, scheduled) => {
    const item = items[i];
    if (item === undefined) return;
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
  });
  await Promise.all(inFlight);
  return figures(samples, (performance.now() - started) / 1000, errors);
}

/** Calls `fire(i, scheduledAt)` for i = 0 … rate×seconds − 1 at a steady pace (catching up after a stall). */
async function paced(
  rate: number,
  seconds: number,
  fire: (i: number, scheduled: number) => void,
): Promise<void> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const t0 = performance.now();
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && t0 + i * interval <= now) {
      fire(i, t0 + i * interval);
      i += 1;
    }
    await sleep(1);
  }
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

// ---- Stream measurement -----------------------------------------------------------------------------

type StreamFigures = Figures & { gwP50: number; gwP99: number };

/**
 * Runs `drive` (which starts instances) until `expected` acks were sent, measuring each event from its
 * instance's start (or scheduled start) to the ack the client wrote; the gateway's own delivery log gives the
 * sandbox-side view. `drive` may return a pump called with the ack count after every ack (closed loop).
 */
async function measureStream(
  sandbox: RunningSandbox,
  client: DingTalkStreamClient,
  instanceOf: Map<string, string>,
  startedAt: Map<string, number>,
  drive: () => ((acked: number) => void) | undefined,
  expected: number,
): Promise<StreamFigures> {
  const deliveriesBefore = sandbox.control.streamDeliveries().length;
  const samples: number[] = [];
  let acked = 0;
  let errors = 0;
  let pump: ((acked: number) => void) | undefined;
  const started = performance.now();
  const done = new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(
      () => reject(new Error(`stream: ${acked}/${expected} acks after 120 s`)),
      120_000,
    );
    const off = client.onAck((ack) => {
      acked += 1;
      if (ack.status !== 'SUCCESS') errors += 1;
      const t = startedAt.get(instanceOf.get(ack.eventId) ?? '');
      if (t !== undefined && ack.status === 'SUCCESS') samples.push(performance.now() - t);
      if (acked >= expected) {
        clearTimeout(timeout);
        off();
        resolve();
      } else pump?.(acked);
    });
  });
  pump = drive();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const gw = sandbox.control
    .streamDeliveries()
    .slice(deliveriesBefore)
    .filter((d) => d.ackedAt !== undefined)
    .map((d) => (d.ackedAt ?? 0) - d.sentAt);
  const g = percentiles(gw);
  return { ...figures(samples, seconds, errors), gwP50: g.p50, gwP99: g.p99 };
}

// ---- rows -------------------------------------------------------------------------------------------

function ingestRow(
  path: string,
  load: string,
  f: Figures | StreamFigures,
  rawAt?: UpsertFigures,
  vs?: string,
): Row {
  const ratio = rawAt ? f.perSecond / rawAt.perSecond : 0;
  const row: Row = {
    path,
    load,
    events: f.events,
    s: f.seconds,
    'events/s': f.perSecond,
    'p50 ms': f.p50,
    'p99 ms': f.p99,
  };
  if ('gwP99' in f) {
    row['gw p50 ms'] = f.gwP50;
    row['gw p99 ms'] = f.gwP99;
  }
  row.errors = f.errors;
  row['% of raw'] = `${Math.round(ratio * 100)}%${vs ? ` (${vs})` : ''}`;
  row.goal = `≥ ${GOAL_RATIO * 100}% raw: ${ratio >= GOAL_RATIO ? 'met' : 'MISSED'}`;
  return row;
}

function offeredRow(path: string, f: Figures | StreamFigures): Row {
  const row: Row = {
    path,
    load: `open, offered ${OFFERED_RATE}/s`,
    events: f.events,
    s: f.seconds,
    'events/s': f.perSecond,
    'p50 ms': f.p50,
    'p99 ms': f.p99,
  };
  if ('gwP99' in f) {
    row['gw p50 ms'] = f.gwP50;
    row['gw p99 ms'] = f.gwP99;
  }
  row.errors = f.errors;
  row.goal = `p99 < ${GOAL_P99_MS} ms: ${f.p99 < GOAL_P99_MS ? 'met' : 'MISSED'}`;
  return row;
}
