/**
 * Yardstick: raw single-row upserts through postgres.js (no ORM, no Huiban code). Later benches (ingest, task
 * upserts through applySnapshot, inbox queries) compare their rates with this one, measured in the same run
 * through `measureRawUpserts()`.
 */
import postgres from 'postgres';
import { benchDatabase, percentiles, type Row, report, round } from './harness';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
export const UPSERT_CONCURRENCIES = [1, 4, 16] as const;

export type UpsertFigures = {
  concurrency: number;
  upserts: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
};

/**
 * `total` single-row upserts from `concurrency` callers into a scratch table `bench_tasks` (created if missing,
 * truncated first). Half the writes insert, half update an existing row: the mix an event stream produces.
 */
export async function measureRawUpserts(
  sql: postgres.Sql,
  concurrency: number,
  total: number,
): Promise<UpsertFigures> {
  await sql`CREATE TABLE IF NOT EXISTS bench_tasks (
    id bigint PRIMARY KEY, title text NOT NULL, status text NOT NULL, updated_at timestamptz NOT NULL)`;
  await sql`TRUNCATE bench_tasks`;
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const id = i % (total / 2);
        const t0 = performance.now();
        await sql`INSERT INTO bench_tasks (id, title, status, updated_at)
          VALUES (${id}, ${`差旅报销申请 #${id}`}, ${i < total / 2 ? 'pending' : 'done'}, now())
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`;
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    upserts: total,
    seconds: round(seconds),
    perSecond: Math.round(total / seconds),
    ...percentiles(samples),
  };
}

export async function run(): Promise<void> {
  const db = await benchDatabase('upsert');
  const sql = postgres(db.url, { max: 16, onnotice: () => {} });
  const rows: Row[] = [];
  try {
    for (const concurrency of UPSERT_CONCURRENCIES) {
      const f = await measureRawUpserts(sql, concurrency, ROWS);
      rows.push({
        concurrency,
        upserts: f.upserts,
        seconds: f.seconds,
        'upserts/s': f.perSecond,
        'p50 ms': f.p50,
        'p95 ms': f.p95,
        'p99 ms': f.p99,
      });
    }
  } finally {
    await sql.end();
    await db.drop();
  }
  report('pg-upsert', rows, { rowsPerRun: ROWS });
}
