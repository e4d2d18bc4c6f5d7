import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { createDingTalkConnectorAsAdmin, updateDingTalkConnectorAsAdmin } from './save-dingtalk-connector';
import { testDingTalkConnectorAsAdmin } from './test-dingtalk-connector';

let sandbox: RunningSandbox;
let t: TestDatabase;
let admin: Viewer;
let employee: Viewer;

beforeAll(async () => {
  ensureTestSecretsKey();
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  const ids = await createUsers(t.db, [
    { username: 'root', name: 'Root' },
    { username: 'emp', name: 'Emp' },
  ]);
  admin = { userId: ids.root!, name: 'Root', isAdmin: true };
  employee = { userId: ids.emp!, name: 'Emp', isAdmin: false };
});

afterAll(async () => {
  await sandbox?.close();
  await t?.drop();
});

test('the right secret fetches a token; a wrong one reports invalidClientIdOrSecret; fixing it works again', async () => {
  const c = await createDingTalkConnectorAsAdmin(t.db, admin, {
    name: '沙箱',
    corpId: TEST_CORP_ID,
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    apiBase: sandbox.url,
    oapiBase: sandbox.url,
  });
  const ok = await testDingTalkConnectorAsAdmin(t.db, admin, c.id);
  expect(ok).toMatchObject({ ok: true });
  expect(JSON.stringify(ok)).not.toContain(TEST_APP.clientSecret);

  // The token of the right secret is cached by now; the test must not be fooled by it.
  await updateDingTalkConnectorAsAdmin(t.db, admin, c.id, { clientSecret: 'wrong-secret' });
  const bad = await testDingTalkConnectorAsAdmin(t.db, admin, c.id);
  expect(bad).toMatchObject({ ok: false, code: 'invalidClientIdOrSecret' });
  expect(JSON.stringify(bad)).not.toContain('wrong-secret');

  await updateDingTalkConnectorAsAdmin(t.db, admin, c.id, { clientSecret: TEST_APP.clientSecret });
  expect(await testDingTalkConnectorAsAdmin(t.db, admin, c.id)).toMatchObject({ ok: true });
});

test('an unreachable host is reported, not thrown', async () => {
  const c = await createDingTalkConnectorAsAdmin(t.db, admin, {
    name: '不可达',
    corpId: TEST_CORP_ID,
    clientId: 'dingnobody',
    clientSecret: 'x',
    apiBase: 'http://127.0.0.1:9',
  });
  expect(await testDingTalkConnectorAsAdmin(t.db, admin, c.id)).toMatchObject({
    ok: false,
    code: 'unreachable',
  });
});

test('employees cannot test; unknown connectors are 404', async () => {
  const c = await createDingTalkConnectorAsAdmin(t.db, admin, {
    name: 'x',
    corpId: TEST_CORP_ID,
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    apiBase: sandbox.url,
  });
  await expect(testDingTalkConnectorAsAdmin(t.db, employee, c.id)).rejects.toMatchObject({
    code: 'forbidden',
  });
  const unknown = testDingTalkConnectorAsAdmin(t.db, admin, '00000000-0000-4000-8000-000000000000');
  await expect(unknown).rejects.toBeInstanceOf(AppError);
  await expect(unknown).rejects.toMatchObject({ code: 'not_found' });
});
