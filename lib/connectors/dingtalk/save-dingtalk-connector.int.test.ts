import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, connectors } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, openSecrets } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { getConnectorAsAdmin } from '../admin/get-connector';
import { listConnectorsAsAdmin } from '../admin/list-connectors';
import { setConnectorEnabledAsAdmin } from '../admin/set-connector-enabled';
import { createDingTalkConnectorAsAdmin, updateDingTalkConnectorAsAdmin } from './save-dingtalk-connector';

let t: TestDatabase;
let admin: Viewer;
let employee: Viewer;

const SECRET = 'super-secret-value-0001';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'; // 43 chars
const TOKEN = 'callback-token-0001';

const base = {
  name: '钉钉 · 测试',
  corpId: 'dingcorp0001',
  clientId: 'dingclient0001',
  clientSecret: SECRET,
  apiBase: 'http://127.0.0.1:9/',
  processCodes: ['PROC-A'],
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function storedSecrets(id: string) {
  const [row] = await t.db.select().from(connectors).where(eq(connectors.id, id));
  return { raw: row!.secrets!, opened: openSecrets(row!.secrets!, getSecretsKey(), id) };
}

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

test('create seals the secrets with the connector id and never returns them', async () => {
  const created = await createDingTalkConnectorAsAdmin(t.db, admin, {
    ...base,
    aesKey: AES_KEY,
    callbackToken: TOKEN,
  });
  expect(created.secretsSet).toEqual({ clientSecret: true, aesKey: true, callbackToken: true });
  expect(created.settings).toMatchObject({
    clientId: 'dingclient0001',
    deliveryMode: 'stream',
    processCodes: ['PROC-A'],
    apiBase: 'http://127.0.0.1:9/',
    oapiBase: null,
  });
  const { raw, opened } = await storedSecrets(created.id);
  expect(raw).toMatch(/^v1\./);
  for (const plain of [SECRET, AES_KEY, TOKEN]) expect(raw).not.toContain(plain);
  expect(opened).toEqual({ clientSecret: SECRET, aesKey: AES_KEY, callbackToken: TOKEN });

  const [row] = await t.db.select().from(connectors).where(eq(connectors.id, created.id));
  expect(JSON.stringify(row!.config)).not.toContain(SECRET);

  const answers = JSON.stringify([
    created,
    await getConnectorAsAdmin(t.db, admin, created.id),
    await listConnectorsAsAdmin(t.db, admin),
  ]);
  for (const plain of [SECRET, AES_KEY, TOKEN, raw]) expect(answers).not.toContain(plain);

  const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, created.id));
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({
    actorUserId: admin.userId,
    action: 'connector.create',
    targetType: 'connector',
  });
  expect(audits[0]!.details).toMatchObject({ secretsSet: ['aesKey', 'callbackToken', 'clientSecret'] });
  expect(JSON.stringify(audits[0])).not.toContain(SECRET);
});

test('update without a secret keeps it; with one replaces it; audit names fields, not values', async () => {
  const created = await createDingTalkConnectorAsAdmin(t.db, admin, base);
  expect(created.secretsSet).toEqual({ clientSecret: true, aesKey: false, callbackToken: false });

  const renamed = await updateDingTalkConnectorAsAdmin(t.db, admin, created.id, {
    name: '改名',
    clientSecret: '',
    apiBase: '',
    processCodes: [],
  });
  expect(renamed.name).toBe('改名');
  expect(renamed.settings?.apiBase).toBeNull();
  expect(renamed.settings?.processCodes).toEqual([]);
  expect((await storedSecrets(created.id)).opened).toEqual({ clientSecret: SECRET });

  const NEW = 'replaced-secret-0002';
  await updateDingTalkConnectorAsAdmin(t.db, admin, created.id, { clientSecret: NEW });
  const { raw, opened } = await storedSecrets(created.id);
  expect(opened).toEqual({ clientSecret: NEW });
  expect(raw).not.toContain(NEW);

  const audits = await t.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.targetId, created.id))
    .orderBy(auditLog.id);
  expect(audits.map((a) => a.action)).toEqual(['connector.create', 'connector.update', 'connector.update']);
  expect(audits[1]!.details).toEqual({
    changed: ['name', 'processCodes', 'apiBase'],
    secretsReplaced: [],
  });
  expect(audits[2]!.details).toEqual({ changed: [], secretsReplaced: ['clientSecret'] });
  expect(JSON.stringify(audits)).not.toContain(NEW);
  expect(JSON.stringify(audits)).not.toContain(SECRET);
});

test('validation: aesKey length, http mode needs aesKey and token (now or stored), bad URLs', async () => {
  const short = await rejection(createDingTalkConnectorAsAdmin(t.db, admin, { ...base, aesKey: 'short' }));
  expect(short.code).toBe('validation_failed');
  expect(short.issues?.map((i) => i.path)).toEqual(['body.aesKey']);

  const http = await rejection(
    createDingTalkConnectorAsAdmin(t.db, admin, { ...base, deliveryMode: 'http', aesKey: AES_KEY }),
  );
  expect(http.code).toBe('validation_failed');
  expect(http.issues?.map((i) => i.path)).toEqual(['body.callbackToken']);

  const url = await rejection(createDingTalkConnectorAsAdmin(t.db, admin, { ...base, apiBase: 'not a url' }));
  expect(url.issues?.map((i) => i.path)).toEqual(['body.apiBase']);

  const noSecret = await rejection(
    createDingTalkConnectorAsAdmin(t.db, admin, { ...base, clientSecret: '' }),
  );
  expect(noSecret.issues?.map((i) => i.path)).toEqual(['body.clientSecret']);

  // Switching a stream connector to http: the stored aesKey counts, the missing token does not.
  const c = await createDingTalkConnectorAsAdmin(t.db, admin, { ...base, aesKey: AES_KEY });
  const missing = await rejection(
    updateDingTalkConnectorAsAdmin(t.db, admin, c.id, { deliveryMode: 'http' }),
  );
  expect(missing.issues?.map((i) => i.path)).toEqual(['body.callbackToken']);
  const switched = await updateDingTalkConnectorAsAdmin(t.db, admin, c.id, {
    deliveryMode: 'http',
    callbackToken: TOKEN,
  });
  expect(switched.settings?.deliveryMode).toBe('http');
  // Nothing changed by the rejected attempts: one create + one update audit row for this connector.
  const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, c.id));
  expect(audits.map((a) => a.action).sort()).toEqual(['connector.create', 'connector.update']);
});

test('enable / disable is audited; unknown ids are 404', async () => {
  const c = await createDingTalkConnectorAsAdmin(t.db, admin, base);
  expect(c.enabled).toBe(true);
  expect((await setConnectorEnabledAsAdmin(t.db, admin, c.id, false)).enabled).toBe(false);
  expect((await setConnectorEnabledAsAdmin(t.db, admin, c.id, true)).enabled).toBe(true);
  const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, c.id)).orderBy(auditLog.id);
  expect(audits.map((a) => a.action)).toEqual(['connector.create', 'connector.disable', 'connector.enable']);

  const unknown = '00000000-0000-4000-8000-000000000000';
  expect((await rejection(getConnectorAsAdmin(t.db, admin, unknown))).code).toBe('not_found');
  expect((await rejection(setConnectorEnabledAsAdmin(t.db, admin, unknown, false))).code).toBe('not_found');
  expect((await rejection(updateDingTalkConnectorAsAdmin(t.db, admin, unknown, { name: 'x' }))).code).toBe(
    'not_found',
  );
});

test('an employee can do none of it, and nothing is written', async () => {
  const c = await createDingTalkConnectorAsAdmin(t.db, admin, base);
  const before = await t.db.select().from(auditLog);
  const attempts = [
    listConnectorsAsAdmin(t.db, employee),
    getConnectorAsAdmin(t.db, employee, c.id),
    createDingTalkConnectorAsAdmin(t.db, employee, base),
    updateDingTalkConnectorAsAdmin(t.db, employee, c.id, { name: 'hijack' }),
    setConnectorEnabledAsAdmin(t.db, employee, c.id, false),
  ];
  for (const attempt of attempts) expect((await rejection(attempt)).code).toBe('forbidden');
  expect(await t.db.select().from(auditLog)).toHaveLength(before.length);
  expect((await getConnectorAsAdmin(t.db, admin, c.id)).name).toBe(base.name);
});
