import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { createConnectorAsAdmin, updateConnectorAsAdmin } from './save-connector';
import { testConnectorAsAdmin } from './test-connector';

let t: TestDatabase;
let admin: Viewer;
let employee: Viewer;

beforeAll(async () => {
  ensureTestSecretsKey();
  t = await createTestDatabase();
  const ids = await createUsers(t.db, [
    { username: 'root', name: 'Root' },
    { username: 'emp', name: 'Emp' },
  ]);
  admin = { userId: ids.root!, name: 'Root', isAdmin: true };
  employee = { userId: ids.emp!, name: 'Emp', isAdmin: false };
});

afterAll(async () => {
  await t?.drop();
});

test('create dispatches by kind: an api body makes an api connector; unknown and system-made kinds are 400', async () => {
  const api = await createConnectorAsAdmin(t.db, admin, { kind: 'api', name: 'ERP' });
  expect(api).toMatchObject({ kind: 'api', name: 'ERP', enabled: true });
  await expect(createConnectorAsAdmin(t.db, admin, { kind: 'api', name: '' })).rejects.toMatchObject({
    code: 'validation_failed',
  });
  await expect(createConnectorAsAdmin(t.db, admin, { kind: 'sap', name: 'x' })).rejects.toMatchObject({
    code: 'validation_failed',
    issues: [{ path: 'body.kind' }],
  });
  await expect(createConnectorAsAdmin(t.db, admin, { kind: 'local', name: 'x' })).rejects.toMatchObject({
    code: 'validation_failed',
    message: '本地流程连接器由系统创建',
  });
  // Without `kind` the body is a DingTalk one (the API before kinds): validated by its schema.
  await expect(createConnectorAsAdmin(t.db, admin, {})).rejects.toMatchObject({ code: 'validation_failed' });
  await expect(createConnectorAsAdmin(t.db, employee, { kind: 'api', name: 'x' })).rejects.toMatchObject({
    code: 'forbidden',
  });
});

test('update and test of kinds without that capability, and of unknown connectors, answer 404', async () => {
  const api = await createConnectorAsAdmin(t.db, admin, { kind: 'api', name: 'CRM' });
  const [local] = await t.db.insert(connectors).values({ kind: 'local', name: '本地流程' }).returning();
  for (const id of [api.id, local!.id, '00000000-0000-4000-8000-000000000000']) {
    await expect(updateConnectorAsAdmin(t.db, admin, id, { name: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(testConnectorAsAdmin(t.db, admin, id)).rejects.toMatchObject({ code: 'not_found' });
  }
});
