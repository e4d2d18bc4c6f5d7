import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { resolveTestServer, withDatabase } from '@/db/test-server';

export type Row = Record<string, string | number>;

/** Latency percentiles in ms from a list of samples (ms). */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Prints rows as an aligned table and writes them to bench/results/<name>.json with the run's context. */
export function report(name: string, rows: Row[], context: Record<string, unknown> = {}): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(width(columns[i] ?? ''))).join('  ');
  console.log(
    `\n${name} (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(line(columns));
  for (const r of rows) console.log(line(columns.map((c) => String(r[c] ?? ''))));
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${name}.json`),
    JSON.stringify(
      {
        name,
        at: new Date().toISOString(),
        node: process.version,
        // Other work on the machine moves every figure: the 1, 5 and 15 min load averages when the bench ended.
        loadAverage: loadavg().map((l) => round(l, 2)),
        ...context,
        rows,
      },
      null,
      2,
    ),
  );
}

/** A throwaway database on the same server the tests use (DATABASE_URL, :5432, or embedded). */
export async function benchDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = await resolveTestServer();
  // BENCH_DB_TAG (letters, digits, _) names whose run it is, on a server several people share.
  const tag = (process.env.BENCH_DB_TAG ?? '').toLowerCase().replace(/[^a-z0-9_]/g, '');
  const name = `huiban_bench_${tag ? `${tag}_` : ''}${label}_${process.pid}`;
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(server.adminUrl, name),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await server.stop?.();
    },
  };
}
