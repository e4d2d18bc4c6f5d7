/**
 * One chaos ingest process: the same listener as `npm run ingest` (lib/ingest/start-ingest-server.ts, serving
 * the inbound route handlers with group commit and the NOTIFY-invalidated connector cache), in a process of its
 * own. `npm run chaos` starts several of these against the same PostgreSQL and spreads the source's deliveries
 * over them (a scaled-out ingest tier).
 *
 * Env: DATABASE_URL, HUIBAN_SECRETS_KEY and the like as for the app; CHAOS_WEB_PORT (0 = any). Prints
 * `listening <port>` on stdout once it accepts requests.
 */
import { getDb } from '@/db/client';
import { startConnectorCacheInvalidation } from '@/lib/connectors/load-connector';
import { startIngestServer } from '@/lib/ingest/start-ingest-server';

async function main() {
  await startConnectorCacheInvalidation(getDb());
  const ingest = await startIngestServer({
    port: Number(process.env.CHAOS_WEB_PORT ?? 0),
    host: '127.0.0.1',
  });
  process.stdout.write(`listening ${ingest.port}\n`);
  process.on('SIGTERM', () => {
    void ingest.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
