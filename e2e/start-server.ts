/**
 * Playwright's web server: a fresh database on the test PostgreSQL server (copied from a migrated template), then
 * the same orchestrator as `npm start` (production build, demo seed, sandbox, worker) on the e2e ports.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { runMigrations } from '@/db/migrate';
import { resolveTestServer, withDatabase } from '@/db/test-server';

const MIGRATIONS_DIR = path.resolve('db/migrations');

/** The migration files' digest: a template migrated by another set of migrations is never copied. */
function migrationsDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(MIGRATIONS_DIR, full)).update(readFileSync(full));
    }
  };
  walk(MIGRATIONS_DIR);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Creates the server's database as a copy of a migrated template, as the integration tests do
 * (db/testing-global-setup.ts): a copy takes a fraction of a second, migrating a fresh database seconds. The
 * template is built once per port and set of migrations, under an advisory lock so that two servers starting at
 * once never build it twice nor copy it half-built. The orchestrator still runs the migrations on the copy: they
 * find nothing to apply and bring pg-boss's queue settings up to date.
 */
async function createMigratedDatabase(admin: Sql, adminUrl: string, port: string, name: string) {
  const template = `huiban_e2e_tpl_${port}_${migrationsDigest()}`;
  await admin`SELECT pg_advisory_lock(hashtext('huiban_e2e_template'))`;
  try {
    const [found] = await admin`SELECT 1 FROM pg_database WHERE datname = ${template}`;
    if (!found) {
      // This port's templates of older migrations, and a half-built one a killed start left.
      const old = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE starts_with(datname, ${`huiban_e2e_tpl_${port}_`})`;
      for (const { datname } of old) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      const building = `${template}_building`;
      await admin.unsafe(`CREATE DATABASE "${building}"`);
      await runMigrations(withDatabase(adminUrl, building));
      await admin.unsafe(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    }
    await copyDatabase(admin, template, name);
  } finally {
    await admin`SELECT pg_advisory_unlock(hashtext('huiban_e2e_template'))`;
  }
}

/**
 * CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template (SQLSTATE 55006): the migration's
 * own connections may take a moment to go after they were closed.
 */
async function copyDatabase(admin: Sql, template: string, name: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

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
  await createMigratedDatabase(admin, server.adminUrl, port, name);
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
    // A connection of its own: the one above has ended (a query on it would be refused, leaving the database).
    const cleanup = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await cleanup.end();
    await server.stop?.();
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
