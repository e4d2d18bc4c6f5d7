import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, identities, loginThrottles, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { createDingTalkConnectorAsAdmin } from './save-dingtalk-connector';
import { signInWithDingTalkCode } from './sign-in-with-h5-code';

/** A second organisation in the same simulated DingTalk, with its own app; Huiban has no connector for it. */
const OTHER_CORP_ID = 'dingothercorp0002';
const OTHER_APP = {
  clientId: 'dingotherappkey2',
  clientSecret: 'other-secret-2',
  agentId: 2002,
  name: '别家应用',
  callbackToken: 'otherCallbackToken2',
  aesKey: 'otherAesKey0000000000000000000000000000002x',
};

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let connectorId: string;

beforeAll(async () => {
  ensureTestSecretsKey();
  sandbox = await startSandbox({ scenario: minimalScenario() });
  sandbox.control.createOrg({ corpId: OTHER_CORP_ID, name: '别家公司' });
  sandbox.control.addUsers(OTHER_CORP_ID, [{ userId: 'u1', name: '别家的张一', deptIds: [1] }]);
  sandbox.control.addApp(OTHER_CORP_ID, OTHER_APP);
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'root', name: 'Root' },
    { username: 'zhangyi', name: '张一' },
    { username: 'wangsan', name: '王三' },
    { username: 'zhaosi', name: '赵四' },
  ]);
  const admin: Viewer = { userId: ids.root!, name: 'Root', isAdmin: true };
  const connector = await createDingTalkConnectorAsAdmin(t.db, admin, {
    name: '沙箱',
    corpId: TEST_CORP_ID,
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    apiBase: sandbox.url,
    oapiBase: sandbox.url,
  });
  connectorId = connector.id;
  await t.db.insert(identities).values([
    // Linked by DingTalk userId (directory sync).
    { connectorId, userId: ids.zhangyi!, externalUserId: 'u1', unionId: 'union_u1', matchedBy: 'userId' },
    // Linked only through the unionId (the userId on record is stale).
    {
      connectorId,
      userId: ids.wangsan!,
      externalUserId: 'u3-old',
      unionId: 'union_u3',
      matchedBy: 'unionId',
    },
    // Known to the connector, but not linked to anyone.
    { connectorId, userId: null, externalUserId: 'u2', unionId: 'union_u2' },
    // A disabled Huiban user.
    { connectorId, userId: ids.zhaosi!, externalUserId: 'u4', unionId: 'union_u4', matchedBy: 'userId' },
  ]);
  await t.db.update(users).set({ status: 'disabled' }).where(eq(users.id, ids.zhaosi!));
});

afterAll(async () => {
  await sandbox?.close();
  await t?.drop();
});

function codeFor(userId: string, corpId = TEST_CORP_ID): string {
  return sandbox.control.issueJsapiAuthCode({ userId, corpId });
}

async function auditsFor(reason: string) {
  const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'));
  return rows.filter((r) => (r.details as { reason?: string }).reason === reason);
}

test('a fresh code signs in the person linked by DingTalk userId or by unionId, and is audited', async () => {
  const first = await signInWithDingTalkCode(t.db, {
    corpId: TEST_CORP_ID,
    clientId: TEST_APP.clientId,
    code: codeFor('u1'),
    ip: '10.0.0.1',
  });
  expect(first).toEqual({ ok: true, userId: ids.zhangyi });
  const byUnion = await signInWithDingTalkCode(t.db, {
    corpId: TEST_CORP_ID,
    code: codeFor('u3'),
    ip: '10.0.0.1',
  });
  expect(byUnion).toEqual({ ok: true, userId: ids.wangsan });
  const signIns = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'auth.sign_in'), eq(auditLog.actorUserId, ids.zhangyi!)));
  expect(signIns[0]?.details).toMatchObject({ method: 'dingtalk_h5', corpId: TEST_CORP_ID });
});

test('a reused code is refused (40078) with code_invalid; a new code works again', async () => {
  const code = codeFor('u1');
  expect(await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code, ip: '10.0.0.2' })).toMatchObject({
    ok: true,
  });
  expect(await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code, ip: '10.0.0.2' })).toEqual({
    ok: false,
    reason: 'code_invalid',
  });
  expect(
    await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code: codeFor('u1'), ip: '10.0.0.2' }),
  ).toEqual({ ok: true, userId: ids.zhangyi });
  expect((await auditsFor('code_invalid')).length).toBeGreaterThanOrEqual(1);
});

test('a code older than 5 minutes is refused with code_invalid', async () => {
  const code = codeFor('u1');
  sandbox.control.advanceClock(5 * 60_000 + 1000);
  expect(await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code, ip: '10.0.0.3' })).toEqual({
    ok: false,
    reason: 'code_invalid',
  });
});

test('a DingTalk user without a linked, active Huiban user is not_linked (never matched by name)', async () => {
  // u2 is known but unlinked; u5 is not known at all; u4's Huiban user is disabled.
  for (const userId of ['u2', 'u5', 'u4']) {
    expect(
      await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code: codeFor(userId), ip: '10.0.0.4' }),
    ).toEqual({ ok: false, reason: 'not_linked' });
  }
  expect((await auditsFor('not_linked')).length).toBe(3);
});

test('a user of another corp is refused: no connector for that corp, and its code does not pass as ours', async () => {
  // The page claims the other corp: Huiban serves no such corp, so DingTalk is not even asked.
  expect(
    await signInWithDingTalkCode(t.db, {
      corpId: OTHER_CORP_ID,
      code: codeFor('u1', OTHER_CORP_ID),
      ip: '10.0.0.5',
    }),
  ).toEqual({ ok: false, reason: 'corp_refused' });
  // The other corp's code presented as ours (same userId "u1" there): getuserinfo of our app refuses it.
  expect(
    await signInWithDingTalkCode(t.db, {
      corpId: TEST_CORP_ID,
      code: codeFor('u1', OTHER_CORP_ID),
      ip: '10.0.0.5',
    }),
  ).toEqual({ ok: false, reason: 'code_invalid' });
  // An app of our corp that Huiban does not hold.
  expect(
    await signInWithDingTalkCode(t.db, {
      corpId: TEST_CORP_ID,
      clientId: 'dingsomeotherapp',
      code: codeFor('u1'),
      ip: '10.0.0.5',
    }),
  ).toEqual({ ok: false, reason: 'corp_refused' });
});

test('malformed input is refused without a DingTalk call; failures throttle the address like wrong passwords', async () => {
  expect(
    await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code: 'bad code!', ip: '10.0.0.6' }),
  ).toEqual({ ok: false, reason: 'invalid_input' });
  // Lock the address (IP policy: locked at 100 failures), then even a valid code is refused.
  await t.db.insert(loginThrottles).values({
    key: 'ip:10.0.0.7',
    failures: 100,
    lastFailureAt: new Date(),
    blockedUntil: new Date(Date.now() + 60_000),
  });
  const locked = await signInWithDingTalkCode(t.db, {
    corpId: TEST_CORP_ID,
    code: codeFor('u1'),
    ip: '10.0.0.7',
  });
  expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
  // Another address is unaffected.
  expect(
    await signInWithDingTalkCode(t.db, { corpId: TEST_CORP_ID, code: codeFor('u1'), ip: '10.0.0.8' }),
  ).toEqual({ ok: true, userId: ids.zhangyi });
});
