import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { AppError } from '@/lib/errors';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import {
  getDingTalkTemplateFormAsAdmin,
  listDingTalkConnectorsAsAdmin,
  listDingTalkTemplatesAsAdmin,
} from './dingtalk-templates';

let sandbox: RunningSandbox;
let t: TestDatabase;
let connectorId: string;
const admin = { userId: '00000000-0000-4000-8000-000000000001', name: 'admin', isAdmin: true };
const employee = { ...admin, isAdmin: false };

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  connectorId = (
    await createDingTalkConnector(t.db, {
      sandboxUrl: sandbox.url,
      corpId: TEST_CORP_ID,
      app: TEST_APP,
      name: '钉钉 测试',
    })
  ).id;
});

afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

test('the designer lists DingTalk connectors and reads a template’s components from the sandbox', async () => {
  expect(await listDingTalkConnectorsAsAdmin(t.db, admin)).toEqual([
    { id: connectorId, name: '钉钉 测试', enabled: true },
  ]);
  // No instance seen yet: no known templates, but a typed processCode is checked against DingTalk.
  expect(await listDingTalkTemplatesAsAdmin(t.db, admin, connectorId)).toEqual([]);
  const form = await getDingTalkTemplateFormAsAdmin(t.db, admin, connectorId, TEST_PROCESS_CODE);
  expect(form).toEqual({
    processCode: TEST_PROCESS_CODE,
    name: '采购申请',
    components: [
      { name: '采购事由', type: 'TextField' },
      { name: '金额（元）', type: 'MoneyField' },
      { name: '附件', type: 'DDAttachment' },
    ],
  });
});

test('an unknown processCode is a 502 with a plain reason; unknown connectors 404; employees 403', async () => {
  const unknown = await getDingTalkTemplateFormAsAdmin(t.db, admin, connectorId, 'PROC-NOPE').catch((e) => e);
  expect(unknown).toBeInstanceOf(AppError);
  expect((unknown as AppError).status).toBe(502);
  expect((unknown as AppError).message).not.toMatch(/processCodeError/);
  const missing = await listDingTalkTemplatesAsAdmin(
    t.db,
    admin,
    '00000000-0000-4000-8000-000000000009',
  ).catch((e) => e);
  expect((missing as AppError).status).toBe(404);
  const refused = await listDingTalkConnectorsAsAdmin(t.db, employee).catch((e) => e);
  expect((refused as AppError).status).toBe(403);
});
