import { createDb } from '@/db/client';
import { rebuildAnalytics } from '@/lib/analytics/rebuild-analytics';

// npm run analytics:rebuild — recomputes every insights fact and daily rollup from the task tables
// (docs/insights.md). Safe while the app runs: one transaction, serialised with the refresh-analytics job.
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const db = createDb(url, { max: 1 });
  try {
    const started = Date.now();
    const result = await rebuildAnalytics(db);
    console.log(
      `analytics rebuilt: ${result.instances} requests, ${result.tasks} approval tasks in ${Date.now() - started} ms`,
    );
  } finally {
    await db.$client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
