/**
 * One independent client process for the shared-limit test (lib/connectors/dingtalk/shared-limits.int.test.ts):
 * like a web or worker replica, it has its own module state and database pool and sends `calls` concurrent
 * DingTalk API calls through the ordinary client. Prints one `RESULT {json}` line and exits.
 * Usage: node --import tsx lib/testing/dingtalk-load-client.ts '<json config>'
 */
import { createDb } from '@/db/client';
import { callApi } from '@/lib/connectors/dingtalk/open-api';
import { setSharedLimitsDb } from '@/lib/connectors/dingtalk/shared-limits';

type Config = {
  databaseUrl: string | null;
  apiBase: string;
  clientId: string;
  clientSecret: string;
  corpId: string;
  qpsLimit: number;
  calls: number;
  path: string;
  query: Record<string, string>;
};

async function main() {
  const config = JSON.parse(process.argv[2] ?? '{}') as Config;
  const db = config.databaseUrl
    ? createDb(config.databaseUrl, { max: 4, applicationName: 'huiban-load' })
    : null;
  setSharedLimitsDb(db ?? undefined);
  const s = {
    apiBase: config.apiBase,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    corpId: config.corpId,
    qpsLimit: config.qpsLimit,
  };
  const outcomes = await Promise.all(
    Array.from({ length: config.calls }, () =>
      callApi(s, config.path, { query: config.query }).then(
        () => 'ok',
        (error: unknown) => `error:${(error as { sourceCode?: string }).sourceCode ?? 'unknown'}`,
      ),
    ),
  );
  await db?.$client.end({ timeout: 5 });
  process.stdout.write(
    `RESULT ${JSON.stringify({ ok: outcomes.filter((o) => o === 'ok').length, outcomes })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
