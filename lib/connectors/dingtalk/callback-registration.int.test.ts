import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { DELETE, GET, POST, PUT } from '@/app/api/admin/connectors/[connectorId]/dingtalk-callback/route';
import { POST as callbackRoute } from '@/app/api/callbacks/dingtalk/[connectorId]/route';
import { auditLog, inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import { createDingTalkConnector, ensureTestSecretsKey } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';

// The routes read the session through next-auth; a test has no cookie, so it names the user.
const session = vi.hoisted(() => ({ userId: undefined as string | undefined }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () =>
    session.userId ? { userId: session.userId, sid: '00000000-0000-4000-8000-000000000001' } : null,
}));

/** The connector's own callback secrets (not the sandbox console's): what Huiban registers. */
const TOKEN = 'huibanCallbackToken7';
const AES_KEY = 'huibanAesKey00000000000000000000000000000x1';

let t: TestDatabase;
let sandbox: RunningSandbox;
let connectorId: string;
let streamConnectorId: string;
const servers: { base: string; close(): Promise<void> }[] = [];

beforeAll(async () => {
  ensureTestSecretsKey();
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await createUser(t.db, { username: 'boss', name: 'boss', password: 'test-password-1', role: 'admin' });
  const [boss] = await t.db.execute<{ id: string }>(sql`select id from users where username = 'boss'`);
  session.userId = String(boss?.id);
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: {
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      aesKey: AES_KEY,
      callbackToken: TOKEN,
    },
    deliveryMode: 'http',
  }));
  ({ id: streamConnectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: { clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret },
  }));
  // Huiban's real callback route, twice: APP_URL moves from one to the other to show a changed URL.
  for (let i = 0; i < 2; i++) servers.push(await serveRoute(callbackRoute, 'connectorId'));
});

afterAll(async () => {
  for (const s of servers) await s.close();
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
  await sandbox?.close();
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, method: string, id = connectorId) {
  const response = await handler(
    new Request(`http://localhost/api/admin/connectors/${id}/dingtalk-callback`, { method }),
    { params: Promise.resolve({ connectorId: id }) },
  );
  const text = await response.text();
  // Invariant 6: DingTalk's get_call_back returns the token and aes_key; Huiban never passes them on.
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(AES_KEY);
  return {
    status: response.status,
    json: JSON.parse(text) as { error: { code: string; message: string } } & Record<string, unknown>,
  };
}

const urlAt = (base: string) => `${base}/api/callbacks/dingtalk/${connectorId}`;

async function auditActions(): Promise<string[]> {
  const rows = await t.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.targetId, connectorId))
    .orderBy(auditLog.createdAt);
  return rows.map((r) => r.action);
}

test('register: DingTalk checks the URL against Huiban’s real route (check_url), then shows it as registered and matching; events then arrive and are stored', async () => {
  process.env.APP_URL = servers[0]?.base;
  const before = await call(GET, 'GET');
  expect(before.status).toBe(200);
  expect(before.json).toMatchObject({
    registered: null,
    matches: false,
    expected: {
      url: urlAt(String(servers[0]?.base)),
      tags: ['bpms_task_change', 'bpms_instance_change', 'user_add_org', 'user_modify_org', 'user_leave_org'],
    },
  });

  const registered = await call(POST, 'POST');
  expect(registered.status).toBe(200);
  expect(registered.json).toMatchObject({
    matches: true,
    missingTags: [],
    extraTags: [],
    registered: { url: urlAt(String(servers[0]?.base)), tokenMatches: true, aesKeyMatches: true },
  });
  // The sandbox posted check_url to our route and accepted its encrypted success (owner key = corpId, §3.1).
  const checks = sandbox.control.callbackDeliveries().filter((d) => d.kind === 'check_url');
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatchObject({ ok: true, url: urlAt(String(servers[0]?.base)) });

  const read = await call(GET, 'GET');
  expect(read.json).toMatchObject({ matches: true, registered: { tokenMatches: true } });

  // DingTalk now pushes approval events to Huiban, encrypted with the corpId: they are stored.
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '显示器' },
  });
  await sandbox.control.waitForIdle();
  const stored = await waitFor(async () => {
    const rows = await t.db.select().from(inboundEvents).where(eq(inboundEvents.connectorId, connectorId));
    return rows.some((r) => JSON.stringify(r.payload).includes(String(started.processInstanceId)))
      ? rows
      : undefined;
  }, 10_000);
  expect(stored.length).toBeGreaterThan(0);
  expect(
    sandbox.control
      .callbackDeliveries()
      .filter((d) => d.kind === 'event')
      .every((d) => d.ok),
  ).toBe(true);
  expect(await auditActions()).toContain('connector.dingtalk_callback.register');
});

test('registering again is 71006 → 409 "update instead", and nothing changes', async () => {
  const again = await call(POST, 'POST');
  expect(again.status).toBe(409);
  expect(again.json.error.code).toBe('conflict');
  expect(again.json.error.message).toMatch(/71006/);
  expect((await call(GET, 'GET')).json.matches).toBe(true);
});

test('a changed public URL shows as not matching; update re-registers it after DingTalk checks the new URL', async () => {
  process.env.APP_URL = servers[1]?.base;
  const differs = await call(GET, 'GET');
  expect(differs.json).toMatchObject({
    matches: false,
    registered: { url: urlAt(String(servers[0]?.base)), tokenMatches: true },
    expected: { url: urlAt(String(servers[1]?.base)) },
  });
  const updated = await call(PUT, 'PUT');
  expect(updated.status).toBe(200);
  expect(updated.json).toMatchObject({ matches: true, registered: { url: urlAt(String(servers[1]?.base)) } });
  const checks = sandbox.control.callbackDeliveries().filter((d) => d.kind === 'check_url');
  expect(checks.at(-1)).toMatchObject({ ok: true, url: urlAt(String(servers[1]?.base)) });
  expect(await auditActions()).toContain('connector.dingtalk_callback.update');
});

test('a URL that fails check_url is refused with a clear error, and DingTalk keeps the registered one', async () => {
  // Nothing listens here: DingTalk's check_url gets no answer.
  process.env.APP_URL = 'http://127.0.0.1:9';
  const refused = await call(PUT, 'PUT');
  expect(refused.status).toBe(502);
  expect(refused.json.error.code).toBe('upstream_failed');
  expect(refused.json.error.message).toMatch(/check_url/);
  expect(
    sandbox.control
      .callbackDeliveries()
      .filter((d) => d.kind === 'check_url')
      .at(-1)?.ok,
  ).toBe(false);
  process.env.APP_URL = servers[1]?.base;
  expect((await call(GET, 'GET')).json).toMatchObject({
    matches: true,
    registered: { url: urlAt(String(servers[1]?.base)) },
  });
  const refusals = await t.db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(eq(auditLog.action, 'connector.dingtalk_callback.refused'));
  // The 71006 of the previous test, then this failed check (71007 in the sandbox; the code is UNCONFIRMED).
  expect(refusals.map((r) => r.details)).toEqual([
    expect.objectContaining({ mode: 'register', errcode: '71006' }),
    expect.objectContaining({ mode: 'update', errcode: '71007' }),
  ]);
});

test('delete removes it at DingTalk; a Stream-mode connector is refused with what to change', async () => {
  const deleted = await call(DELETE, 'DELETE');
  expect(deleted).toEqual({ status: 200, json: { deleted: true } });
  expect((await call(GET, 'GET')).json).toMatchObject({ registered: null, matches: false });
  expect(await auditActions()).toContain('connector.dingtalk_callback.delete');

  const stream = await call(POST, 'POST', streamConnectorId);
  expect(stream.status).toBe(409);
  expect(stream.json.error.message).toMatch(/Stream/);
  const unknown = await call(GET, 'GET', '00000000-0000-4000-8000-000000000000');
  expect(unknown.status).toBe(404);
});
