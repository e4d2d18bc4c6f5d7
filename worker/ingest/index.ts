import { closeDb, getDb } from '@/db/client';
import { startConnectorCacheInvalidation } from '@/lib/connectors/load-connector';
import { env } from '@/lib/env';
import { startIngestServer } from '@/lib/ingest/start-ingest-server';
import { log } from '@/lib/log';

// The standalone ingest process: `npm run ingest`. Verify → append (group commit) → ack, nothing else.
async function main() {
  const e = env();
  const stopInvalidation = await startConnectorCacheInvalidation(getDb());
  const ingest = await startIngestServer({ port: e.INGEST_PORT });
  log.info({ port: ingest.port }, 'ingest listening');
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutdown requested');
    ingest
      .close()
      .then(stopInvalidation)
      .then(closeDb)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'ingest did not stop cleanly');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'ingest failed to start');
  process.exit(1);
});
