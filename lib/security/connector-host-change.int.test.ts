import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, connectors, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { updateDingTalkConnectorAsAdmin } from '@/lib/connectors/dingtalk/save-dingtalk-connector';
import { createUser } from '@/lib/people/create-user';
import { createDingTalkConnector } from '@/lib/testing/factories';

let t: TestDatabase;
let admin: { userId: string; name: string; isAdmin: true };
let connectorId: string;
const SANDBOX = 'http://127.0.0.1:9';

beforeAll(async () => {
  t = await createTestDatabase();
  await createUser(t.db, { username: 'root', name: 'Root', password: 'root-password', role: 'admin' });
  const [root] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'root'));
  admin = { userId: root?.id as string, name: 'Root', isAdmin: true };
  connectorId = (
    await createDingTalkConnector(t.db, {
      sandboxUrl: SANDBOX,
      corpId: 'ding-host',
      app: { clientId: 'host-client', clientSecret: 'host-secret-value' },
    })
  ).id;
});
afterAll(async () => {
  await t.drop();
});

async function config() {
  const [row] = await t.db
    .select({ config: connectors.config })
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  return row?.config as Record<string, unknown>;
}

test('moving a connector to another host without re-entering its secrets is refused; nothing changes', async () => {
  await expect(
    updateDingTalkConnectorAsAdmin(t.db, admin, connectorId, { apiBase: 'https://attacker.example' }),
  ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.clientSecret' }] });
  await expect(
    updateDingTalkConnectorAsAdmin(t.db, admin, connectorId, { oapiBase: 'https://attacker.example/' }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  expect(await config()).toMatchObject({ apiBase: SANDBOX, oapiBase: SANDBOX });
  // Other settings still save without secrets.
  await updateDingTalkConnectorAsAdmin(t.db, admin, connectorId, { name: '改名' });
});

test('with the secrets entered again the move is saved and audited with the changed hosts', async () => {
  await updateDingTalkConnectorAsAdmin(t.db, admin, connectorId, {
    apiBase: 'https://api.corp.example',
    clientSecret: 'host-secret-value',
  });
  expect((await config()).apiBase).toBe('https://api.corp.example');
  const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'connector.update'));
  expect(rows.at(-1)?.details).toMatchObject({
    hostsChanged: ['apiBase'],
    secretsReplaced: ['clientSecret'],
  });
});

test('SSRF: a connector host on the metadata address is refused even with the secrets', async () => {
  await expect(
    updateDingTalkConnectorAsAdmin(t.db, admin, connectorId, {
      apiBase: 'http://169.254.169.254/latest',
      clientSecret: 'host-secret-value',
    }),
  ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.apiBase' }] });
  await expect(
    updateDingTalkConnectorAsAdmin(t.db, admin, connectorId, {
      pcLinkTemplate: 'javascript:alert(1)//{instanceId}',
    }),
  ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.pcLinkTemplate' }] });
});
