import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { ensureTestSecretsKey } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { callApi, clearTokenCache } from './open-api';
import { setSharedLimitsDb } from './shared-limits';

let sandbox: RunningSandbox;
let t: TestDatabase;
const QPS = 4;
const PATH = '/v1.0/workflow/processes/todoTasks/numbers';
const API = `${TEST_APP.clientId} GET ${PATH}`;

beforeAll(async () => {
  ensureTestSecretsKey();
  sandbox = await startSandbox({ scenario: minimalScenario(), options: { qpsLimit: QPS } });
  t = await createTestDatabase();
});
afterAll(async () => {
  setSharedLimitsDb(undefined);
  await t?.drop();
  await sandbox?.close();
});

/** One separate process (its own module state, like a web or worker replica) sending `calls` calls at once. */
function client(calls: number): Promise<{ ok: number; outcomes: string[] }> {
  const config = {
    databaseUrl: t.url,
    apiBase: sandbox.url,
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    corpId: TEST_CORP_ID,
    qpsLimit: QPS,
    calls,
    path: PATH,
    query: { userId: 'u1' },
  };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'lib/testing/dingtalk-load-client.ts', JSON.stringify(config)],
      { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`client exited ${code}: ${err}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as { ok: number; outcomes: string[] });
    });
  });
}

test('three processes under load share one per-app × API limit and one token: the sandbox never throttles', async () => {
  sandbox.control.resetApiCalls();
  const calls = 8;
  const started = Date.now();
  const results = await Promise.all([client(calls), client(calls), client(calls)]);
  const elapsed = Date.now() - started;
  expect(results.map((r) => r.ok)).toEqual([calls, calls, calls]);
  const report = sandbox.control.apiCalls();
  expect(report.byApi[API]).toBe(3 * calls);
  // The sandbox refuses every call over QPS in any second: none was refused.
  expect(report.throttledByApi[API] ?? 0).toBe(0);
  // 24 calls at 4 per second cannot all be done in much less than 5 s: the limit held, it was not luck.
  expect(elapsed).toBeGreaterThan(((3 * calls) / QPS - 1) * 1000);
  // One token for the three processes (each would otherwise ask for its own).
  expect(report.tokenRequests[TEST_APP.clientId]).toBe(1);
}, 120_000);

test('a throttling answer is backed off and retried, not passed to the caller', async () => {
  setSharedLimitsDb(t.db);
  clearTokenCache();
  sandbox.control.resetApiCalls();
  sandbox.control.failNextCalls({ kind: 'throttle', count: 2, api: PATH });
  const s = {
    apiBase: sandbox.url,
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    corpId: TEST_CORP_ID,
    qpsLimit: QPS,
  };
  const started = Date.now();
  await expect(callApi(s, PATH, { query: { userId: 'u1' } })).resolves.toBeTruthy();
  // Two throttled answers, each waited out for about a second as DingTalk advises (§12.1).
  expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  expect(sandbox.control.apiCalls().byApi[API]).toBe(1);
}, 30_000);
