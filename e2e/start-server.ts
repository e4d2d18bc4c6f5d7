/**
 * Playwright's web server: a fresh database on the test PostgreSQL server, then the same orchestrator as
 * `npm start` (production build, demo seed, sandbox, worker) on the e2e ports.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { resolveTestServer, withDatabase } from '@/db/test-server';

async function main() {
  const server = await resolveTestServer();
  const port = process.env.PORT ?? '3100';
  // Keyed by port: several e2e servers (one per E2E_PORT) share the test PostgreSQL, and a starting one must
  // only clear its own leftovers, never another running server's database.
  const name = `huiban_e2e_${port}_${process.pid}`;
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  const stale = await admin<
    { datname: string }[]
  >`SELECT datname FROM pg_database WHERE datname LIKE ${`huiban_e2e_${port}_%`}`;
  for (const { datname } of stale) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();

  // Every log line of web, worker and sandbox also goes to a file, so specs can assert what was (not) logged
  // (e2e/admin-routes.spec.ts greps it for secrets).
  mkdirSync('.data/e2e', { recursive: true });
  const logFile = createWriteStream(`.data/e2e/server-${port}.log`, { flags: 'w' });
  // The crawler (e2e/crawler.spec.ts) reads this server's data to tell user data from UI strings.
  writeFileSync(`.data/e2e/database-${port}.url`, withDatabase(server.adminUrl, name));
  const child = spawn('node_modules/.bin/tsx', ['scripts/dev.ts', '--prod'], {
    stdio: ['inherit', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: withDatabase(server.adminUrl, name),
      HUIBAN_DEMO: 'true',
      HUIBAN_DATA_DIR: '.data/e2e',
      PORT: port,
      APP_URL: `http://localhost:${port}`,
      SANDBOX_PORT: process.env.E2E_SANDBOX_PORT ?? '4110',
      // info by default so the log file holds request and job lines worth checking; E2E_LOG_LEVEL overrides.
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    logFile.write(chunk);
    process.stdout.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    logFile.write(chunk);
    process.stderr.write(chunk);
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  child.on('exit', async (code) => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
    await server.stop?.();
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
