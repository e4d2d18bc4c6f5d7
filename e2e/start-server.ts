/**
 * Playwright's web server: a fresh database on the test PostgreSQL server, then the same orchestrator as
 * `npm start` (production build, demo seed, sandbox, worker) on the e2e ports.
 */
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { resolveTestServer, withDatabase } from '@/db/test-server';

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const server = await resolveTestServer();
  const name = `huiban_e2e_${process.pid}`;
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  const stale = await admin<
    { datname: string }[]
  >`SELECT datname FROM pg_database WHERE datname LIKE 'huiban_e2e_%'`;
  // Only databases whose server process is gone: several e2e runs (other ports) may share this PostgreSQL.
  for (const { datname } of stale) {
    if (isAlive(Number(datname.slice('huiban_e2e_'.length)))) continue;
    await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();

  const port = process.env.PORT ?? '3100';
  const child = spawn('node_modules/.bin/tsx', ['scripts/dev.ts', '--prod'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: withDatabase(server.adminUrl, name),
      HUIBAN_DEMO: 'true',
      HUIBAN_DATA_DIR: '.data/e2e',
      PORT: port,
      APP_URL: `http://localhost:${port}`,
      SANDBOX_PORT: process.env.E2E_SANDBOX_PORT ?? '4110',
      LOG_LEVEL: 'warn',
    },
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
