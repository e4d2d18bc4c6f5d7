import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/** Columns that change on a read by design (API-key "last used", to the minute): not state. */
const VOLATILE = ['last_used_at'];

export type Fingerprint = Record<string, { rows: number; hash: string }>;

/**
 * Row count and a content hash of every table of ours (schema `public`) plus pg-boss's job count: two equal
 * fingerprints mean a request wrote nothing — not a row, not a column, not a job.
 */
export async function databaseFingerprint(db: Db): Promise<Fingerprint> {
  const tables = await db.execute<{ table_name: string }>(sql`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_\\_%'
    ORDER BY table_name`);
  const drop = VOLATILE.map((c) => `- '${c}'`).join(' ');
  const parts = tables.map(
    ({ table_name }) =>
      `SELECT '${table_name}' AS name, count(*)::int AS rows,
        coalesce(md5(string_agg((to_jsonb(t) ${drop})::text, '|' ORDER BY (to_jsonb(t) ${drop})::text)), '') AS hash
       FROM "${table_name}" t`,
  );
  parts.push(`SELECT 'pgboss.job' AS name, count(*)::int AS rows, '' AS hash FROM pgboss.job`);
  const rows = await db.$client.unsafe<{ name: string; rows: number; hash: string }[]>(
    parts.join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, hash: r.hash }]));
}

/** The tables whose rows differ between two fingerprints. */
export function diffFingerprints(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n]?.rows !== after[n]?.rows || before[n]?.hash !== after[n]?.hash);
}
