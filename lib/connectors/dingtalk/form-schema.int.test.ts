import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type DingTalkSettings, dingtalkSettings } from './config';
import { fetchDingTalkSnapshot } from './fetch-snapshot';
import { clearFormSchemaCache, FORM_SCHEMA_RETRY_MS } from './form-schema';

let sandbox: RunningSandbox;
let t: TestDatabase;
let settings: DingTalkSettings;
const SCHEMA_API = `${TEST_APP.clientId} GET /v1.0/workflow/forms/schemas/processCodes`;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  const { id } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  });
  const runtime = await unsafeLoadConnectorRuntime(t.db, id);
  settings = dingtalkSettings(runtime!);
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});
beforeEach(() => {
  clearFormSchemaCache();
  sandbox.control.resetApiCalls();
});

function start(): string {
  return sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
  }).processInstanceId as string;
}

const schemaCalls = () => sandbox.control.apiCalls().byApi[SCHEMA_API] ?? 0;

test('concurrent snapshots of one process share one form-schema call', async () => {
  const ids = [start(), start(), start(), start(), start()];
  const snapshots = await Promise.all(
    ids.map((id) => fetchDingTalkSnapshot(settings, id, { processCode: TEST_PROCESS_CODE })),
  );
  expect(snapshots.every((s) => !!s?.processName)).toBe(true);
  expect(schemaCalls()).toBe(1);
});

test('a failed lookup is retried within seconds, not cached for an hour', async () => {
  const id = start();
  sandbox.control.failNextCalls({ kind: '5xx', count: 1, api: '/v1.0/workflow/forms/schemas/processCodes' });
  const failed = await fetchDingTalkSnapshot(settings, id, { processCode: TEST_PROCESS_CODE });
  expect(failed?.processName).toBeNull();
  // Right after the failure the source is left alone…
  expect(
    (await fetchDingTalkSnapshot(settings, id, { processCode: TEST_PROCESS_CODE }))?.processName,
  ).toBeNull();
  expect(schemaCalls()).toBe(0);
  // …and a moment later the name is there.
  await expect
    .poll(
      async () =>
        (await fetchDingTalkSnapshot(settings, id, { processCode: TEST_PROCESS_CODE }))?.processName,
      { timeout: FORM_SCHEMA_RETRY_MS * 3, interval: 1_000 },
    )
    .toBeTruthy();
  expect(schemaCalls()).toBe(1);
});
