/**
 * Yardstick: raw single-row upserts through postgres.js (no ORM, no Huiban code). Later benches (task upserts
 * through applySnapshot, inbox queries) compare their rates with this one, measured in the same run.
 */
import postgres from 'postgres';
import { benchDatabase, percentiles, type Row, report, round } from './harness';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);

export async function run(): Promise<void> {
  const db = await benchDatabase('upsert');
  const sql = postgres(db.url, { max: 16, onnotice: () => {} });
  const rows: Row[] = [];
  try {
    await sql`CREATE TABLE bench_tasks (
      id bigint PRIMARY KEY, title text NOT NULL, status text NOT NULL, updated_at timestamptz NOT NULL)`;
    for (const concurrency of [1, 4, 16]) {
      await sql`TRUNCATE bench_tasks`;
      // Half the writes insert, half update an existing row: the mix an event stream produces.
      const total = ROWS;
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
      const p = percentiles(samples);
      rows.push({
        concurrency,
        upserts: total,
        seconds: round(seconds),
        'upserts/s': Math.round(total / seconds),
        'p50 ms': p.p50,
        'p95 ms': p.p95,
        'p99 ms': p.p99,
      });
    }
  } finally {
    await sql.end();
    await db.drop();
  }
  report('pg-upsert', rows, { rowsPerRun: ROWS });
}
