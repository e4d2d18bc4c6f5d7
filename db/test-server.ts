import net from 'node:net';
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded';

/**
 * Which PostgreSQL server the tests use: DATABASE_URL if set, else the machine's server on 127.0.0.1:5432
 * when it answers, else an embedded cluster under .data/test-pg. Never a fake (CODE_STYLE.md rule 23).
 * Returns a URL to a maintenance database on that server.
 */
export async function resolveTestServer(): Promise<{ adminUrl: string; stop?: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL };
  if (await isPortOpen('127.0.0.1', 5432)) return { adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres' };
  const handle = await startEmbeddedPostgres({
    dataDir: path.resolve('.data/test-pg'),
    port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
    database: 'postgres',
  });
  return { adminUrl: handle.adminUrl, stop: handle.stop };
}

function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
