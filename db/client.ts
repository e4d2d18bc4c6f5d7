import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** A drizzle transaction handle; data functions take `Db | Tx` so callers can compose them in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type CreateDbOptions = { max?: number; applicationName?: string };

/** A new drizzle instance with its own postgres.js pool. Tests and scripts use this to target their own DB. */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const client = postgres(url, {
    max: options.max ?? 10,
    // Quiet NOTICEs (e.g. "relation already exists, skipping") would otherwise go to stdout.
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'huiban' },
  });
  return drizzle(client, { schema }) as Db;
}

const globalForDb = globalThis as unknown as { huibanDb?: Db };

/**
 * The process-wide database (one pool per process). Cached on globalThis so Next's dev reloads do not
 * open a new pool per module reload.
 */
export function getDb(): Db {
  if (!globalForDb.huibanDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set (npm run dev sets it for the embedded PostgreSQL)');
    globalForDb.huibanDb = createDb(url);
  }
  return globalForDb.huibanDb;
}

/** Ends the process-wide pool (worker shutdown, scripts). */
export async function closeDb(): Promise<void> {
  const db = globalForDb.huibanDb;
  globalForDb.huibanDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
