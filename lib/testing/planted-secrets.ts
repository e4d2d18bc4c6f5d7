import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Secrets the integration run creates (connector secrets, API keys, callback secrets) are "planted": listed in
 * the run's log directory so the run's teardown (lib/testing/secrets-scan-global.ts) can check that none of them
 * reached a log line. Values shorter than 8 characters are not planted (they would match by accident).
 */
export function plantSecrets(...values: (string | undefined)[]): void {
  const dir = process.env.HUIBAN_TEST_LOG_DIR;
  if (!dir) return;
  const lines = values.filter((v): v is string => typeof v === 'string' && v.length >= 8);
  if (lines.length === 0) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    path.join(dir, `planted-${process.pid}.txt`),
    `${lines.map((v) => JSON.stringify(v)).join('\n')}\n`,
  );
}
