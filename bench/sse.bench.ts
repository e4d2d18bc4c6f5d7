/**
 * Live updates at scale: 1 000 signed-in inboxes hold `/api/live` (Server-Sent Events) open against `next start`
 * of the production build (`npm run build` first). Measures the web process tree's CPU while they sit idle, then
 * the time from a committed change (a task pushed through the open API for one of the viewers) to the `tasks`
 * message arriving on that viewer's stream. Goals printed, not asserted: idle web CPU < 5 %, change → browser
 * p95 < 1 s (the stream coalesces changes for LIVE_COALESCE_MS, so every figure includes that wait).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, type ClientRequest, request } from 'node:http';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { createDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { LIVE_COALESCE_MS } from '@/lib/live/open-live-stream';
import { createApiConnectorWithKey, createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { benchDatabase, percentiles, type Row, report, round } from './harness';

const CONNECTIONS = Number(process.env.BENCH_SSE_CONNECTIONS ?? 1000);
const IDLE_SECONDS = Number(process.env.BENCH_SSE_IDLE_SECONDS ?? 30);
const CHANGES = Number(process.env.BENCH_SSE_CHANGES ?? 100);
const GOAL_CPU_PERCENT = 5;
const GOAL_P95_MS = 1000;
const CLOCK_TICKS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process and its descendants, in clock ticks (`next start` serves from a child). */
function treeCpuTicks(pid: number | undefined): number {
  if (!pid) return 0;
  let own = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    own = Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {}
  return own + children.reduce((sum, c) => sum + treeCpuTicks(c), 0);
}

type Stream = { req: ClientRequest; isReady: boolean; waiter: ((at: number) => void) | null };

/** Opens one SSE stream; resolves once the server sent `event: ready`. */
function openStream(agent: Agent, port: number, cookie: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const stream: Stream = { req: undefined as unknown as ClientRequest, isReady: false, waiter: null };
    stream.req = request(
      { host: '127.0.0.1', port, path: '/api/live', agent, headers: { cookie, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`/api/live answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (message.includes('event: ready') && !stream.isReady) {
              stream.isReady = true;
              resolve(stream);
            } else if (message.includes('event: tasks') && stream.waiter) {
              stream.waiter(performance.now());
              stream.waiter = null;
            }
            end = buffer.indexOf('\n\n');
          }
        });
      },
    );
    stream.req.on('error', reject);
    stream.req.end();
  });
}

export async function run(): Promise<void> {
  const database = await benchDatabase('sse');
  const db = createDb(database.url, { max: 4, applicationName: 'bench-sse' });
  let web: ChildProcess | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS + 16 });
  try {
    await runMigrations(database.url);
    ensureTestSecretsKey();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_URL = 'http://localhost:3000';
    process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');
    const usernames = Array.from({ length: CONNECTIONS }, (_, i) => `viewer${String(i).padStart(4, '0')}`);
    const ids = await createUsers(db, [
      { username: 'originator', name: 'originator', password: null },
      ...usernames.map((u) => ({ username: u, name: u, password: null })),
    ]);
    const erp = await createApiConnectorWithKey(db, { name: 'ERP' });

    const port = Number(process.env.BENCH_SSE_PORT ?? 3207);
    web = spawn(path.join('node_modules', '.bin', 'next'), ['start', '-p', String(port)], {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    web.stderr?.on('data', () => {});
    const deadline = Date.now() + 90_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.status < 500,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('next start did not answer');
      await sleep(500);
    }

    const cookies = await Promise.all(
      usernames.map(async (u) => {
        const token = await encode({
          token: { sub: ids[u], sid: randomUUID() },
          secret: process.env.NEXTAUTH_SECRET as string,
        });
        return `next-auth.session-token=${token}`;
      }),
    );
    const connectStart = performance.now();
    const streams: Stream[] = [];
    for (let i = 0; i < cookies.length; i += 50) {
      streams.push(...(await Promise.all(cookies.slice(i, i + 50).map((c) => openStream(agent, port, c)))));
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;

    // Idle: every stream open, nothing changes.
    await sleep(2000);
    const idleTicks0 = treeCpuTicks(web.pid);
    const idleStart = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const idleCpuPercent =
      ((treeCpuTicks(web.pid) - idleTicks0) / CLOCK_TICKS / ((performance.now() - idleStart) / 1000)) * 100;

    // Changes: one at a time, each a new pending task for a random viewer, timed from its commit.
    const latencies: number[] = [];
    let missed = 0;
    for (let n = 0; n < CHANGES; n++) {
      const i = Math.floor(Math.random() * usernames.length);
      const stream = streams[i] as Stream;
      const arrived = new Promise<number>((resolve) => {
        stream.waiter = resolve;
      });
      await pushInstance(db, erp.id, {
        externalId: `sse-${n}`,
        title: `采购申请 ${n}`,
        originator: { userId: ids.originator as string },
        status: 'running',
        formValues: [],
        updatedAt: new Date().toISOString(),
        tasks: [
          {
            externalTaskId: 't',
            kind: 'approval',
            assignee: { userId: ids[usernames[i] as string] as string },
            status: 'pending',
          },
        ],
        logs: [],
      });
      const committed = performance.now();
      const at = await Promise.race([arrived, sleep(5000).then(() => null)]);
      if (at === null) {
        missed += 1;
        stream.waiter = null;
      } else latencies.push(at - committed);
    }
    const p = percentiles(latencies);
    const rows: Row[] = [
      {
        figure: `${streams.length} idle open inboxes, ${IDLE_SECONDS} s`,
        value: `web CPU ${round(idleCpuPercent, 2)} %`,
        goal: `< ${GOAL_CPU_PERCENT} %: ${idleCpuPercent < GOAL_CPU_PERCENT ? 'met' : 'MISSED'}`,
      },
      {
        figure: `change → stream (${latencies.length} of ${CHANGES}, ${missed} missed; includes ${LIVE_COALESCE_MS} ms coalescing)`,
        value: `p50 ${p.p50} · p95 ${p.p95} · p99 ${p.p99} ms`,
        goal: `p95 < ${GOAL_P95_MS} ms: ${missed === 0 && p.p95 < GOAL_P95_MS ? 'met' : 'MISSED'}`,
      },
      {
        figure: 'connecting every stream (50 at a time)',
        value: `${round(connectSeconds, 1)} s`,
        goal: '',
      },
    ];
    report('sse', rows, { connections: streams.length, idleSeconds: IDLE_SECONDS, changes: CHANGES, missed });
    for (const stream of streams) stream.req.destroy();
  } finally {
    agent.destroy();
    web?.kill('SIGTERM');
    await sleep(1000);
    web?.kill('SIGKILL');
    await db.$client.end({ timeout: 5 });
    await database.drop();
  }
}
