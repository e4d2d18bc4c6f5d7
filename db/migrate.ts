import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { ensureJobQueues } from '@/lib/jobs/boss';
import { createDb } from './client';

const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies drizzle-kit's migrations, then installs pg-boss's schema and our queues. Idempotent; run at dev
 * start, test setup, worker start and deploy.
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { max: 1, applicationName: 'huiban-migrate' });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await db.$client.end({ timeout: 5 });
  }
  await ensureJobQueues(databaseUrl);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  runMigrations(url).then(
    () => console.log('migrations applied'),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
