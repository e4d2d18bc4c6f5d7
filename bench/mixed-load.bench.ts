/**
 * Mixed load (issue 10): inbound DingTalk HTTP callbacks at 200/s (open loop) while 50 signed-in users keep
 * reading their 待我处理 page, for a few minutes (MIXED_LOAD_SECONDS, default 180; MIXED_LOAD_RATE, default
 * 200). The `npm start` topology: the callbacks go to the ingest listener (`worker/ingest/index.ts`, its own
 * port, as the path router sends `/api/callbacks/`), the inbox reads to `next start` of the production build,
 * and the worker (`worker/index.ts`) fetches every referenced instance from the sandbox and applies it. Reports
 * throughput, p50/p95/p99 of the ingest ack and the inbox API, errors, the web, ingest and worker RSS at start,
 * during and at the end, and how long the job backlog takes to drain once the load stops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { createDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { encryptCallback, signCallback } from '@/lib/connectors/dingtalk/callback-crypto';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import {
  createApiConnectorWithKey,
  createDingTalkConnector,
  createUsers,
  ensureTestSecretsKey,
} from '@/lib/testing/factories';
import { startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { benchDatabase, percentiles, type Row, report, round } from './harness';

const SECONDS = Number(process.env.MIXED_LOAD_SECONDS ?? 180);
const RATE = Number(process.env.MIXED_LOAD_RATE ?? 200);
/**
 * The connector's DingTalk QPS budget per API (MIXED_LOAD_QPS, default 20: the standard edition; the add-on pack
 * allows up to 60). The instance API's budget is what bounds the drain: one fetch per instance with open events.
 */
const QPS = Number(process.env.MIXED_LOAD_QPS ?? 20);
const INBOX_USERS = 50;
const THINK_MS = 100;
const SANDBOX_INSTANCES = 3000;
/** How long to wait for the worker to empty the queue after the load stops (the goal is 60 s). */
const DRAIN_BUDGET_MS = 180_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return round(Number(line?.[1] ?? 0) / 1024, 1);
  } catch {
    return 0;
  }
}

/** RSS of a process and its descendants (`next start` serves from a child process). */
function treeRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {}
  return round(rssMb(pid) + children.reduce((sum, c) => sum + treeRssMb(c), 0), 1);
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', () => {});
  return child;
}

function send(
  agent: Agent,
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.path,
        agent,
        headers: {
          ...options.headers,
          ...(options.body ? { 'content-length': Buffer.byteLength(options.body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', () => resolve({ status: 0, ms: performance.now() - started, text: '' }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, text: '' }));
    req.end(options.body);
  });
}

export async function run(): Promise<void> {
  const database = await benchDatabase('mixed');
  const children: ChildProcess[] = [];
  const sandbox = await startSandbox({
    scenario: minimalScenario(),
    options: { qpsLimit: 0, monthlyCallQuota: 0, streamPingIntervalMs: 0 },
  });
  const db = createDb(database.url, { max: 4, applicationName: 'bench-mixed' });
  try {
    await runMigrations(database.url);
    ensureTestSecretsKey();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_URL = 'http://localhost:3000';
    process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');

    // People: u1…u5 exist in the sandbox org (approvers of the ingested instances), plus inbox readers.
    const readers = Array.from(
      { length: INBOX_USERS - 5 },
      (_, i) => `reader${String(i + 1).padStart(2, '0')}`,
    );
    const ids = await createUsers(db, [
      ...['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
        username: u,
        name: u,
        email: `${u}@test.example`,
        password: null,
      })),
      ...readers.map((u) => ({ username: u, name: u, email: `${u}@bench.example` })),
    ]);
    // Every reader's inbox holds 10 pending tasks from another system (open API), so the page has rows.
    const erp = await createApiConnectorWithKey(db, { name: 'ERP' });
    for (const [n, u] of readers.entries()) {
      for (let i = 0; i < 10; i++) {
        await pushInstance(db, erp.id, {
          externalId: `seed-${n}-${i}`,
          title: `采购申请 ${n}-${i}`,
          originator: { userId: ids.u1 as string },
          status: 'running',
          formValues: [],
          updatedAt: new Date().toISOString(),
          tasks: [
            {
              externalTaskId: 't',
              kind: 'approval',
              assignee: { userId: ids[u] as string },
              status: 'pending',
            },
          ],
          logs: [],
        });
      }
    }
    const connector = await createDingTalkConnector(db, {
      sandboxUrl: sandbox.url,
      corpId: TEST_CORP_ID,
      app: TEST_APP,
      deliveryMode: 'http',
      name: 'bench http',
      config: { qpsLimit: QPS },
    });
    const instances = Array.from({ length: SANDBOX_INSTANCES }, () =>
      String(
        sandbox.control.startInstance({
          processCode: TEST_PROCESS_CODE,
          originatorUserId: 'u1',
          approvers: [{ actionType: 'NONE', userIds: [`u${2 + Math.floor(Math.random() * 4)}`] }],
          form: { 采购事由: '显示器' },
        }).processInstanceId,
      ),
    );

    const env = { ...process.env, LOG_LEVEL: 'warn' };
    const worker = spawnChild(['worker/index.ts'], env);
    // The web tier is the production build (`npm run build` first), as deployed.
    const port = Number(process.env.MIXED_LOAD_PORT ?? 3206);
    const web = spawn(path.join('node_modules', '.bin', 'next'), ['start', '-p', String(port)], {
      env: { ...env, NODE_ENV: 'production', PORT: String(port), APP_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    web.stderr?.on('data', () => {});
    const ingestPort = port + 1;
    const ingestProcess = spawnChild(['worker/ingest/index.ts'], { ...env, INGEST_PORT: String(ingestPort) });
    children.push(worker, web, ingestProcess);
    const deadline = Date.now() + 90_000;
    for (const [what, url] of [
      ['next start', `http://127.0.0.1:${port}/api/health`],
      ['the ingest listener', `http://127.0.0.1:${ingestPort}/`],
    ] as const) {
      for (;;) {
        const up = await fetch(url).then(
          () => true,
          () => false,
        );
        if (up) break;
        if (Date.now() > deadline) throw new Error(`${what} did not answer`);
        await sleep(500);
      }
    }
    // Session cookies as next-auth mints them at sign-in (a JWT with the user id and a session id), so the web
    // tier decodes and checks real sessions. (next-auth's sign-in route itself does not load under plain tsx.)
    const cookies: string[] = [];
    for (const u of ['u2', 'u3', 'u4', 'u5', ...readers]) {
      const token = await encode({
        token: { sub: ids[u], sid: randomUUID() },
        secret: process.env.NEXTAUTH_SECRET as string,
      });
      cookies.push(`next-auth.session-token=${token}`);
    }

    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const callbackPath = `/api/callbacks/dingtalk/${connector.id}`;
    const callback = () => {
      const plaintext = JSON.stringify({
        EventType: 'bpms_task_change',
        eventId: randomUUID().replaceAll('-', ''),
        processInstanceId: instances[Math.floor(Math.random() * instances.length)],
        processCode: TEST_PROCESS_CODE,
        corpId: TEST_CORP_ID,
        type: 'start',
        createTime: Date.now(),
      });
      const encrypt = encryptCallback(TEST_APP.aesKey, TEST_APP.clientId, plaintext);
      const timestamp = String(Date.now());
      const nonce = randomUUID().slice(0, 8);
      const query = new URLSearchParams({
        msg_signature: signCallback(TEST_APP.callbackToken, timestamp, nonce, encrypt),
        timestamp,
        nonce,
      });
      return { path: `${callbackPath}?${query}`, body: JSON.stringify({ encrypt }) };
    };

    // Warm-up: both paths answer once before the clock starts.
    const warm = callback();
    await send(agent, ingestPort, {
      method: 'POST',
      path: warm.path,
      body: warm.body,
      headers: { 'content-type': 'application/json' },
    });
    await send(agent, port, {
      method: 'GET',
      path: '/api/tasks?view=pending',
      headers: { cookie: cookies[0] as string },
    });
    await sleep(2000);

    const memory: { t: number; webMb: number; workerMb: number; ingestMb: number }[] = [];
    const sample = (t: number) =>
      memory.push({
        t,
        webMb: treeRssMb(web.pid),
        workerMb: treeRssMb(worker.pid),
        ingestMb: treeRssMb(ingestProcess.pid),
      });
    sample(0);
    const ingest: number[] = [];
    const inbox: number[] = [];
    const errors: Record<string, number> = {};
    const fail = (what: string) => {
      errors[what] = (errors[what] ?? 0) + 1;
    };
    const start = performance.now();
    const end = start + SECONDS * 1000;
    const inFlight = new Set<Promise<void>>();

    // Open loop: the offered rate does not slow down when answers do.
    const producer = (async () => {
      let sent = 0;
      while (performance.now() < end) {
        const due = Math.floor(((performance.now() - start) / 1000) * RATE);
        while (sent < due) {
          sent += 1;
          const cb = callback();
          const p = send(agent, ingestPort, {
            method: 'POST',
            path: cb.path,
            body: cb.body,
            headers: { 'content-type': 'application/json' },
          }).then((r) => {
            if (r.status === 200 && r.text.includes('"encrypt"')) ingest.push(r.ms);
            else fail(`ingest ${r.status}`);
          });
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
        await sleep(2);
      }
    })();
    const readersLoop = cookies.map(async (cookie) => {
      while (performance.now() < end) {
        const r = await send(agent, port, {
          method: 'GET',
          path: '/api/tasks?view=pending&limit=20',
          headers: { cookie },
        });
        if (r.status === 200 && r.text.includes('"items"')) inbox.push(r.ms);
        else fail(`inbox ${r.status}`);
        await sleep(THINK_MS);
      }
    });
    const sampler = (async () => {
      while (performance.now() < end) {
        await sleep(10_000);
        sample(round((performance.now() - start) / 1000, 0));
      }
    })();
    await Promise.all([producer, ...readersLoop, sampler]);
    await Promise.all([...inFlight]);
    const seconds = (performance.now() - start) / 1000;
    sample(round(seconds, 0));
    const backlogNow = async () => {
      const [r] = await db.execute<{ n: number }>(
        sql.raw(
          `SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE state IN ('created', 'retry', 'active') AND name <> 'worker-heartbeat'`,
        ),
      );
      return r?.n ?? 0;
    };
    const backlog = { n: await backlogNow() };
    // Drain: the worker keeps going after the load stops; the goal is an empty queue within 60 s.
    const drainStart = performance.now();
    let drainSeconds: number | null = null;
    while (performance.now() - drainStart < DRAIN_BUDGET_MS) {
      if ((await backlogNow()) === 0) {
        drainSeconds = round((performance.now() - drainStart) / 1000, 1);
        break;
      }
      await sleep(1000);
    }
    const [stored] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM inbound_events`);

    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    const row = (path: string, samples: number[]): Row => ({
      path,
      requests: samples.length,
      'req/s': round(samples.length / seconds, 1),
      ...Object.fromEntries(Object.entries(percentiles(samples)).map(([k, v]) => [`${k} ms`, v])),
    });
    const first = memory[0];
    const last = memory[memory.length - 1];
    const ackP99 = percentiles(ingest).p99;
    const inboxP95 = percentiles(inbox).p95;
    const rows: Row[] = [
      {
        ...row(`ingest ack (DingTalk HTTP callback, open loop ${RATE}/s)`, ingest),
        goal: `p99 < 100 ms: ${ackP99 < 100 ? 'met' : 'MISSED'}`,
      },
      {
        ...row(`inbox API (${cookies.length} users, ${THINK_MS} ms think time)`, inbox),
        goal: `p95 < 200 ms: ${inboxP95 < 200 ? 'met' : 'MISSED'}`,
      },
      {
        path: 'errors / memory',
        requests: errorCount,
        'req/s': 0,
        'p50 ms': 0,
        'p95 ms': 0,
        'p99 ms': 0,
        'web RSS MB start→end': `${first?.webMb}→${last?.webMb}`,
        'worker RSS MB start→end': `${first?.workerMb}→${last?.workerMb}`,
        'ingest RSS MB start→end': `${first?.ingestMb}→${last?.ingestMb}`,
        goal: `0 errors, RSS < 400 / 250 MB: ${errorCount === 0 && (last?.webMb ?? 0) < 400 && (last?.workerMb ?? 0) < 250 ? 'met' : 'MISSED'}`,
      },
      {
        path: `backlog drain after the load (${backlog.n} jobs left at the end)`,
        requests: backlog.n,
        'req/s': 0,
        'p50 ms': 0,
        'p95 ms': 0,
        'p99 ms': 0,
        'drained in s': drainSeconds ?? `> ${DRAIN_BUDGET_MS / 1000}`,
        goal: `≤ 60 s: ${drainSeconds !== null && drainSeconds <= 60 ? 'met' : 'MISSED'}`,
      },
    ];
    report('mixed-load', rows, {
      seconds: round(seconds, 1),
      rate: RATE,
      qpsLimit: QPS,
      inboxUsers: cookies.length,
      errors,
      errorCount,
      memory,
      inboundEventsStored: stored?.n,
      jobBacklogAtEnd: backlog.n,
      drainSeconds,
    });
    console.log(
      `mixed load: ${round(seconds, 0)} s, ingest ${ingest.length} acks, inbox ${inbox.length} pages, ${errorCount} errors, job backlog at end ${backlog.n} (drained in ${drainSeconds ?? 'more than the budget'} s); RSS web ${first?.webMb}→${last?.webMb} MB, worker ${first?.workerMb}→${last?.workerMb} MB`,
    );
    agent.destroy();
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await sleep(1000);
    for (const child of children) child.kill('SIGKILL');
    await db.$client.end({ timeout: 5 });
    await sandbox.close();
    await database.drop();
  }
}
