import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiKeys, auditLog, connectors, subscriptions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { AppError } from '@/lib/errors';
import { createDingTalkConnector, createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { createApiConnectorAsAdmin } from './create-api-connector';
import { createApiKeyAsAdmin } from './create-api-key';
import { getApiAccessAsAdmin } from './get-api-access';
import { revokeApiKeyAsAdmin } from './revoke-api-key';
import { saveApiCallbackAsAdmin } from './save-api-callback';

let t: TestDatabase;
let admin: { userId: string; name: string; isAdmin: boolean };
let employee: { userId: string; name: string; isAdmin: boolean };

beforeAll(async () => {
  ensureTestSecretsKey();
  t = await createTestDatabase();
  const ids = await createUsers(t.db, [
    { username: 'root', name: 'root' },
    { username: 'emp', name: 'emp' },
  ]);
  admin = { userId: ids.root!, name: 'root', isAdmin: true };
  employee = { userId: ids.emp!, name: 'emp', isAdmin: false };
});
afterAll(async () => {
  await t?.drop();
});

test('a key is shown once, stored as its sha256 with a prefix, listed without secrets, and revocable', async () => {
  const connector = await createApiConnectorAsAdmin(t.db, admin, { name: 'ERP' });
  expect(connector).toMatchObject({ kind: 'api', name: 'ERP', enabled: true });
  const created = await createApiKeyAsAdmin(t.db, admin, connector.id, { name: 'prod' });
  expect(created.key).toMatch(/^hbk_/);
  const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
  expect(row?.keyHash).toBe(createHash('sha256').update(created.key).digest('hex'));
  expect(row?.prefix).toBe(created.key.slice(0, 12));

  const access = await getApiAccessAsAdmin(t.db, admin, connector.id);
  expect(access.keys).toEqual([
    {
      id: created.id,
      name: 'prod',
      prefix: created.prefix,
      createdAt: created.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    },
  ]);
  expect(JSON.stringify(access)).not.toContain(created.key);

  const revoked = await revokeApiKeyAsAdmin(t.db, admin, connector.id, created.id);
  expect((await getApiAccessAsAdmin(t.db, admin, connector.id)).keys[0]?.revokedAt).toBe(revoked.revokedAt);
  // Twice is harmless; a key of another connector is 404 here.
  expect((await revokeApiKeyAsAdmin(t.db, admin, connector.id, created.id)).revokedAt).toBe(
    revoked.revokedAt,
  );
  const other = await createApiConnectorAsAdmin(t.db, admin, { name: 'CRM' });
  await expect(revokeApiKeyAsAdmin(t.db, admin, other.id, created.id)).rejects.toMatchObject({
    code: 'not_found',
  });
  const actions = await t.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.targetId, connector.id));
  expect(actions.map((a) => a.action)).toEqual(
    expect.arrayContaining(['connector.create', 'connector.api_key.create', 'connector.api_key.revoke']),
  );
});

test('employees cannot manage keys; DingTalk connectors have no keys', async () => {
  const connector = await createApiConnectorAsAdmin(t.db, admin, { name: 'HR' });
  await expect(createApiKeyAsAdmin(t.db, employee, connector.id, { name: 'x' })).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(getApiAccessAsAdmin(t.db, employee, connector.id)).rejects.toBeInstanceOf(AppError);
  const dingtalk = await createDingTalkConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: 'c',
    app: { clientId: 'a', clientSecret: 'b' },
  });
  await expect(createApiKeyAsAdmin(t.db, admin, dingtalk.id, { name: 'x' })).rejects.toMatchObject({
    code: 'bad_request',
  });
});

test('the callback secret is issued once, sealed at rest, rotated on request; the URL is mirrored in a subscription', async () => {
  const connector = await createApiConnectorAsAdmin(t.db, admin, { name: 'OA' });
  const first = await saveApiCallbackAsAdmin(t.db, admin, connector.id, {
    callbackUrl: 'https://oa.test.example/cb',
  });
  expect(first.secret).toMatch(/^whsec_/);
  const [row] = await t.db.select().from(connectors).where(eq(connectors.id, connector.id));
  expect(row?.secrets).not.toContain(first.secret!);
  expect(row?.config.callbackUrl).toBe('https://oa.test.example/cb');
  const again = await saveApiCallbackAsAdmin(t.db, admin, connector.id, {
    callbackUrl: 'https://oa.test.example/cb2',
  });
  expect(again.secret).toBeUndefined();
  const rotated = await saveApiCallbackAsAdmin(t.db, admin, connector.id, {
    callbackUrl: 'https://oa.test.example/cb2',
    rotateSecret: true,
  });
  expect(rotated.secret).toMatch(/^whsec_/);
  expect(rotated.secret).not.toBe(first.secret);
  const access = await getApiAccessAsAdmin(t.db, admin, connector.id);
  expect(access.callback).toEqual({ url: 'https://oa.test.example/cb2', secretSet: true });
  const subs = await t.db.select().from(subscriptions);
  const mine = subs.filter((s) => s.connectorIds.includes(connector.id));
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({
    url: 'https://oa.test.example/cb2',
    eventTypes: ['task.action'],
    secret: null,
  });
});
