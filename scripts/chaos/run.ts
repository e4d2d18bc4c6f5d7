/**
 * npm run chaos [-- --events N --workers W --seed S --rate R --fail-source --skip-write-back]
 *
 * Drives the real pipeline through faults and checks that nothing is lost:
 * - a DEDICATED embedded PostgreSQL cluster (its own port and data directory under .data/chaos/, never the
 *   machine's shared server), migrated from scratch;
 * - the sandbox (DingTalk + Yida simulator) with delivery faults: DingTalk events duplicated, reordered and
 *   (a few) dropped; Yida pushes dropped (5 %) and duplicated;
 * - two ingest listeners (scripts/chaos/web.ts: the `npm run ingest` listener with group commit, serving the real
 *   DingTalk-callback and Yida-push route handlers) behind a round-robin balancer: Yida pushes and DingTalk HTTP
 *   callbacks arrive over HTTP at either; with a production build, two `next start` behind another balancer
 *   take the approvals from Huiban;
 * - DingTalk events over Stream (one org) and over the encrypted HTTP callback (a second org);
 * - W real worker processes (`worker/index.ts`, Stream connections + job handlers); every few seconds one
 *   process is SIGKILLed and restarted: a worker, or (one kill in three, unless --no-web-kills) an ingest or web process,
 *   mid-request for whatever it was serving;
 * - PostgreSQL restarted once mid-run, the Stream connections cut twice;
 * - with --fail-source: the sandbox answers throttling errors and 5xx to the workers' API calls for a while.
 * Then reconciliation runs, and every instance, task, log and attachment in Huiban is compared with the
 * source's own state (fetched through the adapters, as the product sees it). Prints lost / duplicated / stale /
 * wrong counts (all must be 0), the time to converge, and writes
 * bench/results/chaos-<events>[-<W>w][-failing-source].json. Exit code 1 when a count is not 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import pino from 'pino';
import { createDb, type Db } from '@/db/client';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { attachments, processInstances, processLogs, taskActions, tasks } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { flushApiUsage, setApiUsageSink } from '@/lib/connectors/meter-api-calls';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { generateSecretsKey } from '@/lib/crypto/secrets';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { reconcileConnector } from '@/lib/sync/reconcile-connector';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { seededRandom } from '@/lib/testing/bad-input';
import { createDingTalkConnector, createUsers, createYidaConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import {
  minimalScenario,
  TEST_APP,
  TEST_CORP_ID,
  TEST_PROCESS_CODE,
  TEST_YIDA,
} from '@/sandbox/scenarios/minimal';
import type { Scenario } from '@/sandbox/scenarios/types';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    'fail-source': { type: 'boolean', default: false },
    /** No approvals from Huiban (their write-back retries back off for minutes after kills: long runs only). */
    'skip-write-back': { type: 'boolean', default: false },
    'converge-timeout': { type: 'string', default: '300' },
    /** Source-side events per second (DingTalk events + Yida pushes). */
    rate: { type: 'string', default: '60' },
    /** Web processes serving the inbound routes (Yida pushes, DingTalk HTTP callbacks). */
    webs: { type: 'string', default: '2' },
    /**
     * `next`: the web processes are `next start` of the production build, and approvals from Huiban go through
     * its task-action API with real session cookies. `handlers`: the inbound route handlers in plain Node
     * servers, approvals through actOnTask(). `auto` (default): `next` when a build exists (.next/BUILD_ID).
     */
    web: { type: 'string', default: 'auto' },
    /** Only workers are killed (by default one kill in three hits a web process). */
    'no-web-kills': { type: 'boolean', default: false },
  },
});
const TARGET_EVENTS = Number(args.events);
const WORKERS = Number(args.workers);
const SEED = Number(args.seed);
const FAIL_SOURCE = args['fail-source'];
const CONVERGE_TIMEOUT_MS = Number(args['converge-timeout']) * 1000;
const RATE = Number(args.rate);
const WEBS = Math.max(1, Number(args.webs));
const WEB_MODE: 'next' | 'handlers' =
  args.web === 'auto'
    ? existsSync(path.join(process.cwd(), '.next/BUILD_ID'))
      ? 'next'
      : 'handlers'
    : (args.web as 'next' | 'handlers');
/** The second org, whose app gets its events through the encrypted HTTP callback instead of Stream. */
const HTTP_CORP_ID = 'dingchaoscorphttp01';
const HTTP_APP = {
  ...TEST_APP,
  clientId: 'dingchaosapphttp0001',
  clientSecret: 'chaos-http-app-secret-0001',
  agentId: 40000002,
  name: 'chaos HTTP 回调应用',
} as const;
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const KILL_EVERY_MS = 4000;
/** The share of kills that hit a web process rather than a worker. */
const WEB_KILL_SHARE = args['no-web-kills'] ? 0 : 1 / 3;
const root = process.cwd();
const quiet = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stdout.write(`[chaos] ${line}\n`);

type Worker = { id: number; proc: ChildProcess | null; kills: number; starts: number };
/** A web process's slot behind the balancer: its port stays, the process behind it is killed and restarted. */
type WebSlot = { port: number; base: string; proc: WebProcess | null; kills: number; starts: number };

async function main() {
  const rng = seededRandom(SEED);
  mkdirSync(path.join(root, '.data'), { recursive: true });
  const runDir = mkdtempSync(path.join(root, '.data', 'chaos-'));
  // The cluster runs as the `postgres` user (root cannot run PostgreSQL): it must reach its directory.
  chmodSync(runDir, 0o755);
  const pgPort = 56000 + Math.floor(Math.random() * 2000);
  const pgDir = path.join(runDir, 'pg');
  const storage = path.join(runDir, 'storage');
  process.env.STORAGE_DIR = storage;
  process.env.HUIBAN_SECRETS_KEY = generateSecretsKey();
  process.env.LOG_LEVEL = 'silent';
  let pg: EmbeddedPostgresHandle | undefined = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: pgPort,
    database: 'huiban',
  });
  const databaseUrl = pg.url;
  say(`dedicated PostgreSQL on 127.0.0.1:${pgPort} (${path.relative(root, pgDir)})`);
  await runMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;

  const sandbox: RunningSandbox = await startSandbox({
    scenario: chaosScenario(),
    options: {
      seed: SEED,
      qpsLimit: 0,
      monthlyCallQuota: 0,
      streamRedeliveryDelaysMs: [200, 500, 1000, 2000, 4000],
    },
  });
  const db: Db = createDb(databaseUrl, { max: 4, applicationName: 'chaos-observer' });
  // The checker's own source reads are metered like any other API call: into this pool, flushed at the end.
  setApiUsageSink(db);
  await createUsers(
    db,
    USERS.map((u) => ({ username: u, name: u, email: `${u}@test.example`, password: null })),
  );
  const dingtalk = await createDingTalkConnector(db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'stream',
    name: '钉钉 chaos',
  });
  const yida = await createYidaConnector(db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
    config: { oapiBase: sandbox.url },
    name: '宜搭 chaos',
  });
  const dingtalkHttp = await createDingTalkConnector(db, {
    sandboxUrl: sandbox.url,
    corpId: HTTP_CORP_ID,
    app: HTTP_APP,
    deliveryMode: 'http',
    name: '钉钉 chaos（HTTP 回调）',
  });
  const dingtalkIds = [dingtalk.id, dingtalkHttp.id];

  // ---- the ingest tier: WEBS ingest listeners (scripts/chaos/web.ts: the same listener as `npm run ingest`)
  // behind a round-robin balancer: Yida pushes and DingTalk HTTP callbacks arrive over HTTP at either, as a
  // proxy routes /api/callbacks/ in production. With `next`, WEBS `next start` processes behind their own
  // balancer serve the approvals from Huiban (and their live streams).
  process.env.NEXTAUTH_SECRET ??= randomUUID() + randomUUID();
  const webEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const slot = (port: number): WebSlot => ({
    port,
    base: `http://127.0.0.1:${port}`,
    proc: null,
    kills: 0,
    starts: 0,
  });
  const ingests: WebSlot[] = Array.from({ length: WEBS }, (_, i) => slot(pgPort + 200 + i));
  const webs: WebSlot[] =
    WEB_MODE === 'next' ? Array.from({ length: WEBS }, (_, i) => slot(pgPort + 100 + i)) : [];
  const killable = [...ingests, ...webs];
  let stopping = false;
  /** Starts (or restarts, as a supervisor would) the process of a slot; resolves once it answers. */
  const startWeb = async (s: WebSlot) => {
    s.starts += 1;
    s.proc = await startWebProcess(webEnv, webs.includes(s) ? 'next' : 'handlers', s.port);
    if (stopping) s.proc.kill('SIGKILL');
  };
  await Promise.all(killable.map(startWeb));
  const ingestBalancer = await startBalancer(ingests.map((w) => w.base));
  const balancer = webs.length ? await startBalancer(webs.map((w) => w.base)) : ingestBalancer;
  say(
    `${WEBS} ingest listeners behind ${ingestBalancer.base}${webs.length ? `; ${WEBS} \`next start\` behind ${balancer.base}` : ''}`,
  );
  const act: ActFromHuiban =
    WEB_MODE === 'next'
      ? actOverHttp(balancer.base)
      : (task, remark) =>
          actOnTask(
            db,
            { userId: task.userId, name: 'chaos', isAdmin: false },
            { taskId: task.id, action: 'agree', remark },
          ).then(() => {});
  const pushUrl = (action: string) => `${ingestBalancer.base}/api/callbacks/yida/${yida.id}/${action}`;
  const registered = await sandbox.control.registerCallback({
    clientId: HTTP_APP.clientId,
    url: `${ingestBalancer.base}/api/callbacks/dingtalk/${dingtalkHttp.id}`,
  });
  if (!registered.ok) throw new Error(`HTTP callback registration failed: ${registered.error}`);
  sandbox.control.setYidaPushTargets(TEST_YIDA.appType, {
    create: pushUrl('create'),
    complete: pushUrl('complete'),
    cancel: pushUrl('cancel'),
    delete: pushUrl('delete'),
    cc: pushUrl('cc'),
  });

  // ---- workers: real processes, killed and restarted
  const workerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    HUIBAN_SERVICE: 'chaos-worker',
    DINGTALK_STREAM_RECONNECT_INITIAL_MS: '200',
    DINGTALK_STREAM_RECONNECT_MAX_MS: '2000',
  };
  const workers: Worker[] = Array.from({ length: WORKERS }, (_, id) => ({
    id,
    proc: null,
    kills: 0,
    starts: 0,
  }));
  // Whatever ends this script (an error, Ctrl-C, a timeout's SIGTERM) takes its processes with it.
  process.on('exit', () => {
    stopping = true;
    for (const w of killable) w.proc?.kill('SIGKILL');
    for (const w of workers) w.proc?.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      void (pg?.stop() ?? Promise.resolve()).catch(() => {}).finally(() => process.exit(130));
    });
  const startWorkerProcess = (w: Worker) => {
    w.starts += 1;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'worker/index.ts'], {
      env: workerEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', () => {});
    proc.on('exit', () => {
      if (w.proc === proc) w.proc = null;
      // A worker that died on its own (e.g. PostgreSQL down at boot) comes back, as a supervisor would do.
      if (!stopping) setTimeout(() => w.proc ?? startWorkerProcess(w), 500);
    });
    w.proc = proc;
  };
  for (const w of workers) startWorkerProcess(w);
  await waitFor(
    'a Stream connection',
    () => sandbox.control.streamConnections().some((c) => c.state === 'open'),
    60_000,
  );

  let killing = true;
  const killer = (async () => {
    while (killing) {
      // Every few seconds of worker uptime, counted from when every worker is up again (connected to the
      // Stream gateway): booting a worker takes several seconds by itself on a loaded machine.
      await waitFor(
        'workers back',
        () =>
          !killing ||
          (workers.every((w) => w.proc) &&
            killable.every((w) => w.proc) &&
            sandbox.control.streamConnections().filter((c) => c.state === 'open').length >= workers.length),
        120_000,
      ).catch(() => {});
      await sleep(KILL_EVERY_MS + rng.int(3000));
      if (!killing) break;
      if (rng.chance(WEB_KILL_SHARE)) {
        // A web process dies mid-request: the balancer sends what it can to the other one, senders retry or
        // reconciliation repairs; the supervisor restarts it on the same port.
        const web = killable[rng.int(killable.length)];
        if (web?.proc) {
          web.kills += 1;
          web.proc.kill('SIGKILL');
          web.proc = null;
          await sleep(500);
          await startWeb(web).catch((error: unknown) => say(`web restart failed: ${String(error)}`));
        }
        continue;
      }
      const w = workers[rng.int(workers.length)];
      if (w?.proc) {
        w.kills += 1;
        w.proc.kill('SIGKILL');
      }
    }
  })();

  // ---- the load: approvals started and decided in DingTalk and Yida, with delivery faults
  sandbox.control.setYidaPushFaults({ dropPercent: 5, duplicateNext: 0 });
  const dtIds: string[] = [];
  const dtHttpIds: string[] = [];
  const huiban: Huiban = { instances: new Map(), actions: 0, errors: {} };
  const ydIds: string[] = [];
  const counted = () => sandbox.control.events().length + sandbox.control.yidaPushes().length;
  const started = Date.now();
  let pgRestarted = false;
  let cuts = 0;
  let failing = false;
  let lastReport = 0;
  let lastHuibanAct = 0;
  while (counted() < TARGET_EVENTS) {
    const progress = counted() / TARGET_EVENTS;
    // Faults by share of events: 5 % duplicates, 10 % reordered, a few drops (repaired by reconciliation).
    const roll = rng.next();
    if (roll < 0.05) sandbox.control.setDeliveryFaults({ duplicateNext: 1 });
    else if (roll < 0.15) sandbox.control.setDeliveryFaults({ reorderNext: 2 });
    if (rng.chance(0.05)) sandbox.control.setYidaPushFaults({ duplicateNext: 1 });
    if (!pgRestarted && progress > 0.4) {
      pgRestarted = true;
      say('restarting PostgreSQL');
      await pg.stop();
      await sleep(1500);
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, database: 'huiban' });
    }
    if ((cuts === 0 && progress > 0.25) || (cuts === 1 && progress > 0.65)) {
      cuts += 1;
      say(`cutting the Stream connections (${cuts}/2)`);
      sandbox.control.disconnectStream({ mode: 'terminate' });
    }
    if (FAIL_SOURCE && !failing && progress > 0.5) {
      failing = true;
      say('the source throttles and fails for a while');
      sandbox.control.failNextCalls({ kind: 'throttle', count: 150 });
      sandbox.control.failNextCalls({ kind: '5xx', count: 150 });
    }
    try {
      if (!args['skip-write-back'] && Date.now() - lastHuibanAct > 500) {
        lastHuibanAct = Date.now();
        await actFromHuiban(db, [...dingtalkIds, yida.id], rng, huiban, act).catch((error: unknown) => {
          const key = String((error as Error).message ?? error).slice(0, 80);
          huiban.errors[key] = (huiban.errors[key] ?? 0) + 1;
        });
      } else step(sandbox, rng, dtIds, dtHttpIds, ydIds, huiban.instances);
    } catch {
      // An act on a task that just finished elsewhere: the sandbox refuses it, like DingTalk would.
    }
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      say(
        `${counted()}/${TARGET_EVENTS} events, ${dtIds.length + dtHttpIds.length + ydIds.length} instances`,
      );
    }
    // Paced: the offered rate, not as fast as the simulator can go.
    const ahead = counted() / RATE - (Date.now() - started) / 1000;
    await sleep(ahead > 0 ? ahead * 1000 : 1);
  }
  const generatedIn = (Date.now() - started) / 1000;
  const events = sandbox.control.events().length;
  const pushes = sandbox.control.yidaPushes().length;
  say(`generated ${events} DingTalk events + ${pushes} Yida pushes in ${generatedIn.toFixed(1)} s`);

  // ---- stop the chaos, keep the workers running, reconcile, and wait for Huiban to match the source
  killing = false;
  await killer;
  sandbox.control.clearFaults();
  await waitFor('every worker up', () => workers.every((w) => w.proc), 30_000);
  const convergeStart = Date.now();
  const truths = await sourceTruth(db, [
    [dingtalk.id, dtIds],
    [dingtalkHttp.id, dtHttpIds],
    [yida.id, ydIds],
  ]);
  say(
    `source truth fetched (${dtIds.length + dtHttpIds.length + ydIds.length} instances) in ${((Date.now() - convergeStart) / 1000).toFixed(1)} s`,
  );
  let result = await withWriteBacks(db, sandbox, truths, await compare(db, truths));
  let reconciled = 0;
  let lastReconcile = 0;
  while (result.mismatches > 0 && Date.now() - convergeStart < CONVERGE_TIMEOUT_MS) {
    await sleep(1000);
    // The cron reconciler's job, run directly (every 10 s here, or as soon as the queues drained): repairs
    // dropped pushes and events (invariant 3).
    if ((await queueIsQuiet(db)) || Date.now() - lastReconcile > 10_000) {
      lastReconcile = Date.now();
      for (const id of [...dingtalkIds, yida.id]) {
        await reconcileConnector(db, id, { log: quiet, maxFetches: 100_000, stuckAfterMs: 5_000 });
      }
      reconciled += 1;
    }
    // Approvals from Huiban may still be backing off: when one lands, its instance moves on at the source.
    for (const [connectorId, ids] of huiban.instances) {
      const fresh = await sourceTruth(db, [[connectorId, [...ids]]]).catch(() => null);
      for (const [id, snapshot] of fresh?.get(connectorId) ?? []) truths.get(connectorId)?.set(id, snapshot);
    }
    result = await compare(db, truths);
    result = await withWriteBacks(db, sandbox, truths, result);
    say(`converging: ${result.mismatches} mismatches ${result.examples.slice(0, 3).join(' | ')}`);
  }
  const convergeSeconds = (Date.now() - convergeStart) / 1000;
  if (result.mismatches > 0) await explainWriteBacks(db);

  stopping = true;
  for (const w of workers) w.proc?.kill('SIGTERM');
  await sleep(1500);
  for (const w of workers) w.proc?.kill('SIGKILL');
  const summary = {
    at: new Date().toISOString(),
    seed: SEED,
    targetEvents: TARGET_EVENTS,
    dingtalkEvents: events,
    yidaPushes: pushes,
    instances: { dingtalkStream: dtIds.length, dingtalkHttp: dtHttpIds.length, yida: ydIds.length },
    httpCallbacks: sandbox.control.callbackDeliveries().filter((d) => d.kind === 'event').length,
    webProcesses: WEBS,
    webMode: WEB_MODE,
    requestsPerWebProcess: { ...ingestBalancer.counts, ...balancer.counts },
    workers: WORKERS,
    workerKills: workers.reduce((n, w) => n + w.kills, 0),
    webKills: killable.reduce((n, w) => n + w.kills, 0),
    postgresRestarts: pgRestarted ? 1 : 0,
    streamCuts: cuts,
    sourceFailures: FAIL_SOURCE,
    generatedSeconds: generatedIn,
    convergeSeconds,
    reconcileRuns: reconciled,
    ...result.counts,
    writeBack: 'writeBack' in result ? result.writeBack : undefined,
    mismatches: result.mismatches,
    examples: result.examples.slice(0, 20),
  };
  if ('writeBack' in result) say(`write-back: ${JSON.stringify(result.writeBack)}`);
  if (Object.keys(huiban.errors).length)
    say(`actions refused while the system was down: ${JSON.stringify(huiban.errors)}`);
  say(
    `lost ${result.counts.lost} · duplicated ${result.counts.duplicated} · stale ${result.counts.stale} · wrong ${result.counts.wrong} — converged in ${convergeSeconds.toFixed(1)} s (${reconciled} reconcile runs, ${summary.workerKills} worker + ${summary.webKills} web SIGKILLs, ${cuts} Stream cuts, ${summary.postgresRestarts} PostgreSQL restart)`,
  );
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const name = `chaos-${TARGET_EVENTS}${WORKERS > 1 ? `-${WORKERS}w` : ''}${FAIL_SOURCE ? '-failing-source' : ''}${WEB_KILL_SHARE ? '' : '-no-web-kills'}`;
  writeFileSync(path.join(root, `bench/results/${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);

  await ingestBalancer.close();
  if (balancer !== ingestBalancer) await balancer.close();
  for (const w of killable) w.proc?.kill('SIGTERM');
  await flushApiUsage(db).catch(() => {});
  setApiUsageSink(undefined);
  await db.$client.end({ timeout: 5 });
  await sandbox.close();
  await pg.stop();
  pg = undefined;
  rmSync(runDir, { recursive: true, force: true });
  process.exit(result.mismatches === 0 ? 0 : 1);
}

type Huiban = {
  /** Instances someone decided from Huiban, by connector. */
  instances: Map<string, Set<string>>;
  actions: number;
  errors: Record<string, number>;
};

/** The minimal scenario plus a second org whose app receives its events through the HTTP callback. */
function chaosScenario(): Scenario {
  const scenario = minimalScenario();
  const [org] = scenario.orgs;
  if (!org) throw new Error('the minimal scenario has no org');
  scenario.orgs.push({
    ...org,
    corpId: HTTP_CORP_ID,
    name: '测试公司（HTTP 回调）',
    apps: [{ ...HTTP_APP }],
    yidaApps: [],
  });
  return scenario;
}

/**
 * One source-side change: start an approval or decide a running task, in DingTalk (70 %: half in the Stream
 * org, half in the HTTP-callback org) or Yida.
 */
function step(
  sandbox: RunningSandbox,
  rng: ReturnType<typeof seededRandom>,
  dtStreamIds: string[],
  dtHttpIds: string[],
  ydIds: string[],
  actedInHuiban: Map<string, Set<string>>,
) {
  const approvers = () => {
    const pool = USERS.slice(1);
    const first = rng.pick(pool);
    const second = rng.pick(pool.filter((u) => u !== first));
    return [first, second];
  };
  if (rng.chance(0.7)) {
    const viaHttp = rng.chance(0.5);
    const dtIds = viaHttp ? dtHttpIds : dtStreamIds;
    const candidate = dtIds.length > 0 && rng.chance(0.6) ? rng.pick(dtIds.slice(-200)) : null;
    // Instances someone decided from Huiban move on through Huiban's write-back only.
    if (candidate && [...actedInHuiban.values()].some((ids) => ids.has(candidate))) return;
    const running = candidate;
    if (!running) {
      const started = sandbox.control.startInstance({
        corpId: viaHttp ? HTTP_CORP_ID : TEST_CORP_ID,
        processCode: TEST_PROCESS_CODE,
        originatorUserId: 'u1',
        approvers: approvers().map((u) => ({ actionType: 'NONE' as const, userIds: [u] })),
        form: { 采购事由: `chaos ${dtIds.length}` },
      });
      dtIds.push(String(started.processInstanceId));
      return;
    }
    const inst = sandbox.control.getInstance(running) as { tasks: { userId: string; status: string }[] };
    const task = inst.tasks.find((t) => t.status === 'RUNNING');
    if (!task) return;
    const action = rng.pick(['agree', 'agree', 'agree', 'refuse', 'comment'] as const);
    sandbox.control.act(running, { userId: task.userId, action, remark: `chaos ${action}` });
    return;
  }
  const running = ydIds.length > 0 && rng.chance(0.6) ? rng.pick(ydIds.slice(-200)) : null;
  if (!running) {
    const started = sandbox.control.startYidaInstance({
      appType: TEST_YIDA.appType,
      originatorId: 'u1',
      data: { textField_visitor: `访客 ${ydIds.length}` },
    });
    ydIds.push(String(started.processInstanceId));
    return;
  }
  const inst = sandbox.control.getYidaInstance(running) as { tasks: { userId: string; status: string }[] };
  const task = inst.tasks.find((t) => t.status === 'RUNNING');
  if (!task) return;
  sandbox.control.actYida(running, {
    userId: task.userId,
    action: rng.pick(['agree', 'agree', 'disagree'] as const),
  });
}

/**
 * A user agrees from Huiban (twice a second, when Huiban shows someone a pending task): the action row and its write-back job commit together, a worker
 * (maybe killed halfway) performs it at the source. At the end every action must be `confirmed` and the source
 * must have seen exactly one execute call per action (no double write-back).
 */
async function actFromHuiban(
  db: Db,
  connectorIds: string[],
  rng: ReturnType<typeof seededRandom>,
  huiban: Huiban,
  act: ActFromHuiban,
) {
  const pending = await db
    .select({
      id: tasks.id,
      userId: tasks.assigneeUserId,
      externalId: processInstances.externalId,
      connectorId: tasks.connectorId,
    })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(
        inArray(tasks.connectorId, connectorIds),
        eq(tasks.status, 'pending'),
        eq(tasks.kind, 'approval'),
        isNull(tasks.actedAt),
        isNotNull(tasks.assigneeUserId),
      ),
    )
    .limit(50);
  const task = pending.length ? rng.pick(pending) : undefined;
  if (!task?.userId) return;
  const acted = huiban.instances.get(task.connectorId) ?? new Set<string>();
  acted.add(task.externalId);
  huiban.instances.set(task.connectorId, acted);
  await act({ id: task.id, userId: task.userId }, `chaos-huiban-${++remarkSeq}`);
  huiban.actions += 1;
}

type ActFromHuiban = (task: { id: string; userId: string }, remark: string) => Promise<void>;

/**
 * Approvals through the web tier, as a browser makes them: POST /api/tasks/{id}/actions with the user's
 * next-auth session cookie (minted as sign-in mints it: a JWT with the user id and a session id).
 */
function actOverHttp(base: string): ActFromHuiban {
  const cookies = new Map<string, string>();
  return async (task, remark) => {
    let cookie = cookies.get(task.userId);
    if (!cookie) {
      const token = await encode({
        token: { sub: task.userId, sid: randomUUID() },
        secret: process.env.NEXTAUTH_SECRET as string,
      });
      cookie = `next-auth.session-token=${token}`;
      cookies.set(task.userId, cookie);
    }
    const response = await fetch(`${base}/api/tasks/${task.id}/actions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'agree', remark }),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
      throw new Error(`HTTP ${response.status} ${body.error?.code ?? ''}`.trim());
    }
  };
}

async function queueIsQuiet(db: Db): Promise<boolean> {
  try {
    const [row] = await db.execute<{ n: number }>(
      sql.raw(
        `SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE state IN ('created', 'retry', 'active') AND name <> 'worker-heartbeat'`,
      ),
    );
    return (row?.n ?? 0) === 0;
  } catch {
    return false;
  }
}

type Counts = { checked: number; lost: number; duplicated: number; stale: number; wrong: number };
type Truths = Map<string, Map<string, InstanceSnapshot | null>>;

/**
 * The source's own state of every instance, fetched once through the adapters (the product's own mapping,
 * exactly what a snapshot fetch gives the pipeline). The source is quiet by then, so it cannot change.
 */
async function sourceTruth(db: Db, byConnector: [string, string[]][]): Promise<Truths> {
  const truths: Truths = new Map();
  for (const [connectorId, ids] of byConnector) {
    const connector = await unsafeLoadConnectorRuntime(db, connectorId);
    if (!connector) throw new Error('connector missing');
    const adapter = getAdapter(connector.kind);
    const ctx = { db, connector, log: quiet };
    const map = new Map<string, InstanceSnapshot | null>();
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const hints = connector.kind === 'dingtalk' ? { processCode: TEST_PROCESS_CODE } : {};
          map.set(id, await adapter.fetchSnapshot(ctx, id, hints));
        }
      }),
    );
    truths.set(connectorId, map);
  }
  return truths;
}

/**
 * Huiban vs the source, instance by instance: lost = an instance, task, log or attachment the source has and
 * Huiban lacks; duplicated = two rows for one source item (or two pending tasks for one person in one
 * instance); stale = a status/result that differs; wrong = a task pending in Huiban that the source does not have.
 */
async function compare(db: Db, truths: Truths) {
  const counts: Counts = { checked: 0, lost: 0, duplicated: 0, stale: 0, wrong: 0 };
  const examples: string[] = [];
  const note = (kind: keyof Omit<Counts, 'checked'>, what: string) => {
    counts[kind] += 1;
    if (examples.length < 50) examples.push(`${kind}: ${what}`);
  };
  try {
    for (const [connectorId, truthById] of truths) {
      const instanceRows = await db
        .select()
        .from(processInstances)
        .where(eq(processInstances.connectorId, connectorId));
      const taskRows = await db.select().from(tasks).where(eq(tasks.connectorId, connectorId));
      const logRows = await db
        .select({ instanceId: processLogs.instanceId, id: processLogs.externalRecordId })
        .from(processLogs)
        .innerJoin(processInstances, eq(processInstances.id, processLogs.instanceId))
        .where(eq(processInstances.connectorId, connectorId));
      const fileRows = await db
        .select({ instanceId: attachments.instanceId, id: attachments.externalFileId })
        .from(attachments)
        .innerJoin(processInstances, eq(processInstances.id, attachments.instanceId))
        .where(eq(processInstances.connectorId, connectorId));
      const group = <T extends { instanceId: string }>(rows: T[]) => {
        const m = new Map<string, T[]>();
        for (const r of rows) m.set(r.instanceId, [...(m.get(r.instanceId) ?? []), r]);
        return m;
      };
      const tasksOf = group(taskRows);
      const logsOf = group(logRows);
      const filesOf = group(fileRows);
      const instancesOf = new Map<string, (typeof instanceRows)[number][]>();
      for (const r of instanceRows)
        instancesOf.set(r.externalId, [...(instancesOf.get(r.externalId) ?? []), r]);

      for (const [externalId, truth] of truthById) {
        counts.checked += 1;
        const rows = instancesOf.get(externalId) ?? [];
        if (!truth) continue;
        const row = rows[0];
        if (!row) {
          note('lost', `instance ${externalId}`);
          continue;
        }
        if (rows.length > 1) note('duplicated', `instance ${externalId}`);
        if (row.status !== truth.status || (row.result ?? null) !== (truth.result ?? null)) {
          note(
            'stale',
            `instance ${externalId}: ${row.status}/${row.result} vs ${truth.status}/${truth.result}`,
          );
        }
        const mineAll = tasksOf.get(row.id) ?? [];
        const byExternal = new Map<string, typeof mineAll>();
        for (const t of mineAll)
          byExternal.set(t.externalTaskId, [...(byExternal.get(t.externalTaskId) ?? []), t]);
        for (const t of truth.tasks ?? []) {
          const mine = byExternal.get(t.externalTaskId) ?? [];
          if (mine.length === 0) note('lost', `task ${externalId}/${t.externalTaskId}`);
          else if (mine.length > 1) note('duplicated', `task ${externalId}/${t.externalTaskId}`);
          else if (mine[0]?.status !== (t.status ?? 'pending')) {
            note('stale', `task ${externalId}/${t.externalTaskId}: ${mine[0]?.status} vs ${t.status}`);
          }
        }
        const truthTaskIds = new Set((truth.tasks ?? []).map((t) => t.externalTaskId));
        for (const t of mineAll) {
          if (!truthTaskIds.has(t.externalTaskId) && t.status === 'pending') {
            note('wrong', `task ${externalId}/${t.externalTaskId} pending in Huiban only`);
          }
        }
        const pendingPerPerson = new Map<string, number>();
        for (const t of mineAll.filter((x) => x.status === 'pending' && x.kind === 'approval')) {
          const key = t.assigneeExternalId ?? t.assigneeUserId ?? '';
          pendingPerPerson.set(key, (pendingPerPerson.get(key) ?? 0) + 1);
        }
        for (const [person, n] of pendingPerPerson)
          if (n > 1) note('duplicated', `pending ×${n} for ${person} in ${externalId}`);
        const haveLogs = new Set((logsOf.get(row.id) ?? []).map((l) => l.id));
        for (const l of truth.logs ?? [])
          if (!haveLogs.has(l.externalRecordId)) note('lost', `log ${externalId}/${l.externalRecordId}`);
        const haveFiles = new Set((filesOf.get(row.id) ?? []).map((f) => f.id));
        const wantFiles = [
          ...(truth.attachments ?? []),
          ...(truth.logs ?? []).flatMap((l) => l.attachments ?? []),
        ];
        for (const f of wantFiles)
          if (!haveFiles.has(f.externalFileId)) note('lost', `attachment ${externalId}/${f.externalFileId}`);
      }
    }
  } catch (error) {
    // PostgreSQL briefly unavailable: this pass does not count.
    return { counts, mismatches: Number.POSITIVE_INFINITY, examples: [`compare failed: ${String(error)}`] };
  }
  return { counts, mismatches: counts.lost + counts.duplicated + counts.stale + counts.wrong, examples };
}

/** Remarks of the approvals made from Huiban: each names its action, so the source's log shows which ran. */
const HUIBAN_REMARK = /^chaos-huiban-\d+$/;
let remarkSeq = 0;

/**
 * Adds the write-back check to a comparison. Every action taken from Huiban must be settled: `confirmed` (the
 * source shows the decision) or `failed` (the source refused it because the task had been decided there first,
 * and does not show it). Each action carries a unique remark, so the source's own logs tell how often it was
 * executed there: more than once is a double write-back; a `failed` action the source did execute is a lie.
 */
async function withWriteBacks(
  db: Db,
  sandbox: RunningSandbox,
  truths: Truths,
  result: Awaited<ReturnType<typeof compare>>,
) {
  let rows: { status: string; remark: string | null; source: string }[];
  try {
    rows = await db
      .select({
        status: taskActions.writeBackStatus,
        remark: taskActions.remark,
        source: processInstances.source,
      })
      .from(taskActions)
      .innerJoin(processInstances, eq(processInstances.id, taskActions.instanceId));
  } catch {
    return { ...result, mismatches: Number.POSITIVE_INFINITY };
  }
  const executedAtSource = new Map<string, number>();
  for (const byId of truths.values())
    for (const snapshot of byId.values())
      for (const log of snapshot?.logs ?? [])
        if (log.remark && HUIBAN_REMARK.test(log.remark))
          executedAtSource.set(log.remark, (executedAtSource.get(log.remark) ?? 0) + 1);
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  const writeBack = {
    actions: rows.length,
    bySource: Object.fromEntries(
      [...new Set(rows.map((r) => r.source))].map((source) => [
        source,
        rows.filter((r) => r.source === source).length,
      ]),
    ),
    confirmed: count('confirmed'),
    failedDecidedAtSourceFirst: count('failed'),
    unsettled: count('pending'),
    executedAtSource: executedAtSource.size,
    executedTwice: [...executedAtSource.values()].filter((n) => n > 1).length,
    failedButExecuted: rows.filter((r) => r.status === 'failed' && r.remark && executedAtSource.has(r.remark))
      .length,
    sourceExecuteCalls: Object.entries(sandbox.control.apiCalls().byApi)
      .filter(([api]) => /processInstances\/execute|yida\/tasks\/execute/.test(api))
      .reduce((sum, [, n]) => sum + n, 0),
  };
  const extra = writeBack.unsettled + writeBack.executedTwice + writeBack.failedButExecuted;
  const examples = extra ? [...result.examples, `write-back: ${JSON.stringify(writeBack)}`] : result.examples;
  return { ...result, writeBack, mismatches: result.mismatches + extra, examples };
}

/** Why write-backs did not converge: each unsettled action with its job's state (for the closing report). */
async function explainWriteBacks(db: Db) {
  try {
    const rows = await db.execute<Record<string, unknown>>(
      sql.raw(`SELECT a.id, a.write_back_status, a.attempts, a.source_response IS NOT NULL AS sent, a.last_error,
        a.created_at, (SELECT string_agg(j.state || '/' || j.retry_count || '/' || to_char(j.start_after, 'HH24:MI:SS'), ', ')
          FROM ${BOSS_SCHEMA}.job j WHERE j.name = 'write-back-action' AND j.data->>'actionId' = a.id::text) AS jobs
        FROM task_actions a WHERE a.write_back_status = 'pending' ORDER BY a.created_at`),
    );
    for (const row of rows) say(`unsettled write-back: ${JSON.stringify(row)}`);
  } catch (error) {
    say(`could not read task_actions: ${String(error)}`);
  }
}

type WebProcess = { base: string; kill(signal: NodeJS.Signals): void };

/**
 * A web process; resolves once it answers. `next`: `next start` of the production build (in its own process
 * group: next runs the server in a child, and both must go). `handlers`: scripts/chaos/web.ts.
 */
async function startWebProcess(
  env: NodeJS.ProcessEnv,
  mode: 'next' | 'handlers',
  port: number,
): Promise<WebProcess> {
  if (mode === 'next') {
    const proc = spawn(path.join('node_modules', '.bin', 'next'), ['start', '-p', String(port)], {
      env: {
        ...env,
        NODE_ENV: 'production',
        PORT: String(port),
        APP_URL: env.APP_URL ?? `http://127.0.0.1:${port}`,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (proc.pid) process.kill(-proc.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const up = await fetch(`${base}/api/health`).then(
        (r) => r.status < 500 || r.status === 503,
        () => false,
      );
      if (up) return { base, kill };
      if (proc.exitCode !== null || Date.now() > deadline) {
        kill('SIGKILL');
        throw new Error(`next start on port ${port} did not answer`);
      }
      await sleep(500);
    }
  }
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos/web.ts'], {
    env: { ...env, CHAOS_WEB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listening = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    proc.on('exit', (code) => reject(new Error(`web process exited (${code}) before listening`)));
  });
  return { base: `http://127.0.0.1:${listening}`, kill: (signal) => proc.kill(signal) };
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * Round-robin in front of the web processes, as a load balancer would be: each request goes to the next
 * process (the other one when it cannot be reached). Counts the requests each process answered.
 */
async function startBalancer(targets: string[]) {
  let next = 0;
  const counts: Record<string, number> = Object.fromEntries(targets.map((t) => [t, 0]));
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const first = next++;
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(first + i) % targets.length] as string;
      try {
        const response = await fetch(`${target}${req.url ?? '/'}`, {
          method: req.method,
          headers: forwardable(req.headers),
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
        });
        const body = Buffer.from(await response.arrayBuffer());
        counts[target] = (counts[target] ?? 0) + 1;
        res.writeHead(response.status, {
          'content-type': response.headers.get('content-type') ?? 'application/json',
        });
        res.end(body);
        return;
      } catch {
        // That process is unreachable: the next one takes the request.
      }
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'no web process answered' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
