import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, openSecrets } from '@/lib/crypto/secrets';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { createConnectorAsAdmin, updateConnectorAsAdmin } from '../admin/save-connector';
import { testConnectorAsAdmin } from '../admin/test-connector';

let t: TestDatabase;
let sandbox: RunningSandbox;
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
  admin = { userId: ids.root ?? '', name: 'Root', isAdmin: true };
  employee = { userId: ids.emp ?? '', name: 'Emp', isAdmin: false };
});

afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

const body = () => ({
  kind: 'yida',
  name: '宜搭 · 测试',
  corpId: TEST_CORP_ID,
  clientId: TEST_APP.clientId,
  clientSecret: TEST_APP.clientSecret,
  operatorUserId: 'u1',
  apiBase: sandbox.url,
  apps: [{ appType: TEST_YIDA.appType, formUuids: [TEST_YIDA.formUuid], systemToken: TEST_YIDA.systemToken }],
});

test('create, view, edit and test a Yida connector: secrets write-only, five push URLs, wrong systemToken fails the test', async () => {
  await expect(createConnectorAsAdmin(t.db, employee, body())).rejects.toMatchObject({ code: 'forbidden' });
  await expect(
    createConnectorAsAdmin(t.db, admin, { ...body(), apps: [{ appType: TEST_YIDA.appType }] }),
  ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.apps.0.systemToken' }] });
  await expect(createConnectorAsAdmin(t.db, admin, { ...body(), apps: [] })).rejects.toMatchObject({
    code: 'validation_failed',
  });

  const created = await createConnectorAsAdmin(t.db, admin, body());
  expect(created.kind).toBe('yida');
  if (created.kind !== 'yida') throw new Error('expected a Yida connector');
  expect(JSON.stringify(created)).not.toContain(TEST_YIDA.systemToken);
  expect(JSON.stringify(created)).not.toContain(TEST_APP.clientSecret);
  expect(created.yida).toMatchObject({
    clientId: TEST_APP.clientId,
    operatorUserId: 'u1',
    apps: [{ appType: TEST_YIDA.appType, formUuids: [TEST_YIDA.formUuid], systemTokenSet: true }],
    enabledActions: ['create', 'complete', 'cancel', 'delete', 'cc'],
    snapshotSource: 'openapi',
  });
  expect(created.pushPaths).toEqual({
    create: `/api/callbacks/yida/${created.id}/create`,
    complete: `/api/callbacks/yida/${created.id}/complete`,
    cancel: `/api/callbacks/yida/${created.id}/cancel`,
    delete: `/api/callbacks/yida/${created.id}/delete`,
    cc: `/api/callbacks/yida/${created.id}/cc`,
  });
  expect(await testConnectorAsAdmin(t.db, admin, created.id)).toMatchObject({ ok: true });

  // Edit without secrets keeps them; a changed systemToken replaces only that app's.
  const edited = await updateConnectorAsAdmin(t.db, admin, created.id, {
    name: '宜搭 · 改名',
    enabledActions: ['create', 'complete'],
    apps: [{ appType: TEST_YIDA.appType, formUuids: [TEST_YIDA.formUuid] }],
  });
  expect(edited).toMatchObject({ name: '宜搭 · 改名', yida: { enabledActions: ['create', 'complete'] } });
  const [row] = await t.db.select().from(connectors).where(eq(connectors.id, created.id));
  const opened = openSecrets(row?.secrets ?? '', getSecretsKey(), created.id);
  expect(opened).toEqual({
    clientSecret: TEST_APP.clientSecret,
    [`systemToken.${TEST_YIDA.appType}`]: TEST_YIDA.systemToken,
  });
  await expect(
    updateConnectorAsAdmin(t.db, admin, created.id, { processCodes: ['x'] }),
  ).rejects.toMatchObject({ code: 'validation_failed' });

  await updateConnectorAsAdmin(t.db, admin, created.id, {
    apps: [{ appType: TEST_YIDA.appType, formUuids: [TEST_YIDA.formUuid], systemToken: 'wrong-token' }],
  });
  expect(await testConnectorAsAdmin(t.db, admin, created.id)).toMatchObject({
    ok: false,
    code: 'invalidParameter.parameter.accessKeyNotMatch',
  });
});

test('测试连接 checks the systemToken of a push-only connector (apps without forms)', async () => {
  const pushOnly = await createConnectorAsAdmin(t.db, admin, {
    ...body(),
    name: '宜搭 · 仅推送',
    snapshotSource: 'push',
    apps: [{ appType: TEST_YIDA.appType, formUuids: [], systemToken: 'wrong-token' }],
  });
  expect(await testConnectorAsAdmin(t.db, admin, pushOnly.id)).toMatchObject({
    ok: false,
    code: 'invalidParameter.parameter.accessKeyNotMatch',
  });
  const renamed = await updateConnectorAsAdmin(t.db, admin, pushOnly.id, {
    apps: [{ appType: TEST_YIDA.appType, formUuids: [], systemToken: TEST_YIDA.systemToken }],
    // An admin renames a field over Yida's form definition.
    fieldLabels: { textField_visitor: '来访人' },
    timeZone: 'Asia/Shanghai',
  });
  expect(renamed).toMatchObject({
    yida: { fieldLabels: { textField_visitor: '来访人' }, timeZone: 'Asia/Shanghai' },
  });
  expect(await testConnectorAsAdmin(t.db, admin, pushOnly.id)).toMatchObject({ ok: true });
  await expect(
    updateConnectorAsAdmin(t.db, admin, pushOnly.id, { timeZone: 'Mars/Olympus' }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
});
