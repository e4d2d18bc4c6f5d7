import PgBoss from 'pg-boss';
import type { DbOrTx } from '@/db/client';
import { BOSS_SCHEMA } from './boss';
import { JOBS, type JobName, type JobPayload } from './definitions';

export type SendJobOptions = Pick<
  PgBoss.SendOptions,
  'singletonKey' | 'singletonSeconds' | 'singletonNextSlot' | 'startAfter' | 'id'
>;

// Only used to build pg-boss's INSERT; it never opens its own connection because every send passes `db`.
let sqlBuilder: PgBoss | undefined;
function getSqlBuilder(): PgBoss {
  sqlBuilder ??= new PgBoss({ connectionString: 'postgres://unused', schema: BOSS_SCHEMA });
  return sqlBuilder;
}

/** pg-boss leaves unset options undefined and passes the job data as an object; postgres.js wants null and text. */
function toPostgresParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

type RawClient = {
  unsafe(query: string, params?: unknown[], options?: { prepare?: boolean }): Promise<unknown[]>;
};

/**
 * drizzle's postgres-js session keeps the postgres.js client (a TransactionSql inside a transaction) on
 * `session.client`; pg-boss's `db.executeSql` runs its INSERT through it, so the job commits or rolls back
 * with the caller's transaction.
 */
export function rawClientOf(dbOrTx: DbOrTx): RawClient {
  const session = (dbOrTx as unknown as { session?: { client?: RawClient } }).session;
  if (!session?.client) throw new Error('sendJob: not a drizzle postgres-js database or transaction');
  return session.client;
}

/**
 * Enqueues a job inside the caller's transaction (style rule 13): the payload is checked against the job's
 * schema, and the row only becomes visible to workers if the transaction commits. Returns the job id, or
 * null when a singleton key suppressed it.
 */
export async function sendJob<N extends JobName>(
  dbOrTx: DbOrTx,
  name: N,
  payload: JobPayload<N>,
  options: SendJobOptions = {},
): Promise<string | null> {
  const data = JOBS[name].payloadSchema.parse(payload) as object;
  const client = rawClientOf(dbOrTx);
  const db = {
    executeSql: async (text: string, values: unknown[] = []) => ({
      rows: await client.unsafe(text, values.map(toPostgresParam)),
    }),
  };
  return getSqlBuilder().send(name, data, { ...options, db });
}

export type JobInsert = { text: string; values: unknown[] };

/**
 * The SQL pg-boss would run for a send, without running it: one INSERT, or two with `singletonNextSlot` (the
 * current slot, then the next slot when the current one is taken). For a caller that folds the job into its
 * own statement (recordInboundEvent: one round trip instead of BEGIN, insert, send, COMMIT). The statements
 * are pg-boss's own (its `insertJob` plan), so queue policies, retries and singletons behave as in sendJob().
 */
export async function planJobInsert<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: SendJobOptions = {},
): Promise<JobInsert[]> {
  const data = JOBS[name].payloadSchema.parse(payload) as object;
  const statements: JobInsert[] = [];
  const db = {
    executeSql: async (text: string, values: unknown[] = []) => {
      statements.push({ text, values: values.map(toPostgresParam) });
      // Answer "slot taken" to the first insert so pg-boss also plans its next-slot insert.
      return { rows: options.singletonNextSlot && statements.length === 1 ? [] : [{ id: null }] };
    },
  };
  await getSqlBuilder().send(name, data, { ...options, db });
  return statements;
}
