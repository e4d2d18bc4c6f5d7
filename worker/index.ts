import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { startWorker } from './start-worker';

// The standalone worker process: `npm run worker`.
async function main() {
  const e = env();
  const worker = await startWorker({
    databaseUrl: e.DATABASE_URL,
    migrate: true,
    streamReconnect: {
      initialDelayMs: e.DINGTALK_STREAM_RECONNECT_INITIAL_MS,
      maxDelayMs: e.DINGTALK_STREAM_RECONNECT_MAX_MS,
    },
  });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutdown requested');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'worker did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
