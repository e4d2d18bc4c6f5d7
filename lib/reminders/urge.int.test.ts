import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, connectors, identities, processLogs, urgeNotices, urges, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { instanceLinks } from '@/lib/connectors/dingtalk/links';
import { yidaLinks } from '@/lib/connectors/yida/links';
import { AppError } from '@/lib/errors';
import { loadInboxAnswer } from '@/lib/tasks/inbox/inbox-answer';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { URGE_INTERVAL_MS } from '@/lib/tasks/inbox/urge-window';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { getUrgeStatus } from './get-urge-status';
import { sendUrgeNotices } from './send-urge-notices';
import { urgeInstance } from './urge-instance';

/**
 * 催办 against PostgreSQL and the DingTalk sandbox (docs/reminders.md): once per hour per request, also when two
 * clicks race; one work notice per current approver, received by the sandbox's asyncsend_v2, with the source's
 * page for DingTalk and Yida approvals and Huiban's page for the others; the job sends each once however often it
 * runs; an approver without a DingTalk account is "not reachable", not an error; timeline and audit entries.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let yidaId: string;
let apiId: string;
const viewer = (name: string, isAdmin = false) => ({ userId: ids[name] as string, name, isAdmin });
const appUrl = () => process.env.APP_URL ?? 'http://localhost:3000';

/** One running request by 王敏 waiting on `approvers` (external ids of `connectorId`). */
async function request(
  connectorId: string,
  source: 'dingtalk' | 'yida' | 'api',
  externalId: string,
  approvers: { externalId: string; links?: { pcUrl: string; mobileUrl: string } }[],
): Promise<string> {
  const result = await applySnapshot(t.db, {
    connectorId,
    source,
    snapshot: {
      externalId,
      title: `请假申请 ${externalId}`,
      originator: { externalUserId: 'orig', name: '王敏' },
      status: 'running',
      createdAt: new Date('2026-12-01T02:00:00Z'),
      sourceUpdatedAt: new Date('2026-12-01T02:00:00Z'),
      taskScope: 'full',
      tasks: approvers.map((a, i) => ({
        externalTaskId: `${externalId}-t${i}`,
        kind: 'approval' as const,
        assigneeExternalId: a.externalId,
        status: 'pending' as const,
        nodeName: '主管审批',
        nodeMode: 'and' as const,
        receivedAt: new Date('2026-12-01T02:00:00Z'),
        ...(a.links ?? {}),
      })),
    },
  });
  return result.instanceId;
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['wang', 'li', 'zhang', 'boss', 'other'].map((u) => ({ username: u, name: u, email: `${u}@t.example` })),
  );
  await t.db.update(users).set({ name: '王敏' }).where(eq(users.id, ids.wang!));
  await t.db.update(users).set({ name: '李四' }).where(eq(users.id, ids.li!));
  await t.db.update(users).set({ name: '张三' }).where(eq(users.id, ids.zhang!));
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
    config: { agentId: TEST_APP.agentId },
  }));
  const [yida] = await t.db
    .insert(connectors)
    .values({ kind: 'yida', name: '宜搭', corpId: TEST_CORP_ID, config: {} })
    .returning({ id: connectors.id });
  const [api] = await t.db
    .insert(connectors)
    .values({ kind: 'api', name: 'OA', config: {} })
    .returning({ id: connectors.id });
  yidaId = yida!.id;
  apiId = api!.id;
  // 李四 is DingTalk user u2 (what the directory sync links); 张三 has no DingTalk account.
  const link = (connectorId: string, externalUserId: string, user: string) => ({
    connectorId,
    externalUserId,
    userId: ids[user],
    name: user,
    matchedBy: 'email' as const,
  });
  await t.db
    .insert(identities)
    .values([
      link(dingtalkId, 'orig', 'wang'),
      link(dingtalkId, 'u2', 'li'),
      link(yidaId, 'orig', 'wang'),
      link(yidaId, 'u2', 'li'),
      link(apiId, 'orig', 'wang'),
      link(apiId, 'li-oa', 'li'),
      link(apiId, 'zhang-oa', 'zhang'),
    ]);
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
  await sandbox?.close();
});

test('a DingTalk approval: the approver gets one work notice opening DingTalk’s own page; timeline and audit say who urged whom', async () => {
  const links = instanceLinks({ corpId: TEST_CORP_ID }, 'proc-1', 'dt-task-1');
  const instanceId = await request(dingtalkId, 'dingtalk', 'proc-1', [{ externalId: 'u2', links }]);
  const before = sandbox.control.notices({ userId: 'u2' }).length;

  const answer = await urgeInstance(t.db, viewer('wang'), { instanceId });
  expect(answer.recipients).toEqual([{ name: '李四', reachable: true }]);
  expect(new Date(answer.nextAllowedAt).getTime() - new Date(answer.urgedAt).getTime()).toBe(
    URGE_INTERVAL_MS,
  );

  expect(await sendUrgeNotices(t.db, { urgeId: answer.urgeId })).toMatchObject({ sent: 1 });
  // The job again (a retry, a duplicate): nothing more is sent.
  expect(await sendUrgeNotices(t.db, { urgeId: answer.urgeId })).toEqual({
    sent: 0,
    notNotified: 0,
    failed: 0,
    taken: 0,
  });
  const notices = sandbox.control.notices({ userId: 'u2' }).slice(before);
  expect(notices).toHaveLength(1);
  const oa = (notices[0]!.msg as { oa: Record<string, unknown> }).oa;
  // DingTalk's approval page: the mobile aflow page as is (it opens in DingTalk), the PC side panel link.
  expect(oa.message_url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(links.mobileUrl)}&pc_slide=false`,
  );
  expect(oa.pc_message_url).toBe(links.pcUrl);
  const body = oa.body as { title: string; form: { key: string; value: string }[] };
  expect(body.title).toContain('王敏');
  expect(body.title).toContain('请假申请 proc-1');
  expect(body.form.map((f) => f.value)).toEqual([
    '请假申请 proc-1',
    '王敏',
    expect.stringMatching(/2026.12.01.*10:00/),
  ]);

  const [log] = await t.db
    .select()
    .from(processLogs)
    .where(and(eq(processLogs.instanceId, instanceId), eq(processLogs.action, 'urge')));
  expect(log).toMatchObject({ actorName: 'wang', actorUserId: ids.wang, targets: [{ name: '李四' }] });
  const [audit] = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'instance.urge'), eq(auditLog.targetId, instanceId)));
  expect(audit?.actorUserId).toBe(ids.wang);

  const status = await getUrgeStatus(t.db, viewer('wang'), { instanceId });
  expect(status).toMatchObject({
    canUrge: true,
    nextAllowedAt: answer.nextAllowedAt,
    last: { notices: [{ name: '李四', status: 'sent', reason: null }] },
  });
});

test('a Yida approval links to Yida’s page inside DingTalk; an open-API one to Huiban’s page', async () => {
  const yLinks = yidaLinks(
    { yidaOrigin: 'https://yida.example', corpId: TEST_CORP_ID },
    { appType: 'APP_X', instanceId: 'y-1' },
  );
  const yidaInstance = await request(yidaId, 'yida', 'y-1', [{ externalId: 'u2', links: yLinks }]);
  const apiInstance = await request(apiId, 'api', 'oa-1', [
    { externalId: 'li-oa', links: { pcUrl: 'https://oa.example/1', mobileUrl: 'https://oa.example/m/1' } },
  ]);
  const before = sandbox.control.notices({ userId: 'u2' }).length;
  for (const instanceId of [yidaInstance, apiInstance]) {
    const answer = await urgeInstance(t.db, viewer('wang'), { instanceId });
    await sendUrgeNotices(t.db, { urgeId: answer.urgeId });
  }
  const [yida, api] = sandbox.control
    .notices({ userId: 'u2' })
    .slice(before)
    .map((n) => (n.msg as { oa: { message_url: string; pc_message_url: string } }).oa);
  expect(yida?.message_url).toBe(yLinks.mobileUrl);
  expect(yida?.pc_message_url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(yLinks.pcUrl)}&pc_slide=true`,
  );
  const huiban = `${appUrl().replace(/\/$/, '')}/instances/${apiInstance}`;
  expect(api?.message_url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(huiban)}&pc_slide=false`,
  );
  expect(api?.pc_message_url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(huiban)}&pc_slide=true`,
  );
});

test('at most once per hour per request: two concurrent clicks make one urge, the other is 429 with when again', async () => {
  const instanceId = await request(apiId, 'api', 'oa-race', [{ externalId: 'li-oa' }]);
  const now = new Date();
  const results = await Promise.allSettled([
    urgeInstance(t.db, viewer('wang'), { instanceId }, {}, now),
    urgeInstance(t.db, viewer('wang'), { instanceId }, {}, now),
  ]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  expect(ok).toHaveLength(1);
  expect(refused).toHaveLength(1);
  const error = refused[0] as AppError;
  expect(error).toBeInstanceOf(AppError);
  expect(error.status).toBe(429);
  const retryAt = new Date(now.getTime() + URGE_INTERVAL_MS).toISOString();
  expect(error.issues?.[0]).toMatchObject({ code: 'urge_too_soon', params: { retryAt } });
  expect(await t.db.select().from(urges).where(eq(urges.instanceId, instanceId))).toHaveLength(1);

  // 59 minutes later: still refused (and nothing written); an hour later: allowed again.
  const later = (ms: number) => new Date(now.getTime() + ms);
  await expect(
    urgeInstance(t.db, viewer('wang'), { instanceId }, {}, later(59 * 60_000)),
  ).rejects.toMatchObject({
    code: 'rate_limited',
  });
  await urgeInstance(t.db, viewer('wang'), { instanceId }, {}, later(URGE_INTERVAL_MS));
  expect(await t.db.select().from(urges).where(eq(urges.instanceId, instanceId))).toHaveLength(2);
  const logs = await t.db
    .select()
    .from(processLogs)
    .where(and(eq(processLogs.instanceId, instanceId), eq(processLogs.action, 'urge')));
  expect(logs).toHaveLength(2);
});

test('我发起的 carries when each request may be urged again: set for an hour after an urge (also an admin’s), null otherwise', async () => {
  const urged = await request(apiId, 'api', 'oa-list-urged', [{ externalId: 'li-oa' }]);
  const byAdmin = await request(apiId, 'api', 'oa-list-admin', [{ externalId: 'li-oa' }]);
  const quiet = await request(apiId, 'api', 'oa-list-quiet', [{ externalId: 'li-oa' }]);
  const now = new Date();
  const later = (ms: number) => new Date(now.getTime() + ms);
  await urgeInstance(t.db, viewer('wang'), { instanceId: urged }, {}, now);
  await urgeInstance(t.db, viewer('boss', true), { instanceId: byAdmin }, {}, later(60_000));
  const waits = async (at: Date) => {
    const page = await listInbox(t.db, viewer('wang'), { view: 'initiated', limit: 100, now: at });
    return Object.fromEntries(
      page.items
        .filter((r) => [urged, byAdmin, quiet].includes(r.instanceId))
        .map((r) => [r.instanceId, r.urgeNextAllowedAt]),
    );
  };
  expect(await waits(later(10 * 60_000))).toEqual({
    [urged]: later(URGE_INTERVAL_MS).toISOString(),
    [byAdmin]: later(60_000 + URGE_INTERVAL_MS).toISOString(),
    [quiet]: null,
  });
  // Once the hour is over the button is free again, without anyone clicking it.
  expect(await waits(later(URGE_INTERVAL_MS + 30_000))).toEqual({
    [urged]: null,
    [byAdmin]: later(60_000 + URGE_INTERVAL_MS).toISOString(),
    [quiet]: null,
  });
  // The answer of GET /api/tasks?view=initiated (and of the page's first render) carries it.
  const answer = await loadInboxAnswer(t.db, viewer('wang'), { view: 'initiated', limit: 100 });
  expect(answer.items.find((r) => r.instanceId === urged)?.urgeNextAllowedAt).toBe(
    later(URGE_INTERVAL_MS).toISOString(),
  );
  // Another employee's list shows none of it (their 我发起的 is their own).
  const theirs = await loadInboxAnswer(t.db, viewer('other'), { view: 'initiated', limit: 100 });
  expect(theirs.items.map((r) => r.instanceId)).not.toContain(urged);
});

test('an approver without a DingTalk account is not reachable: recorded, not an error; the others are notified', async () => {
  const instanceId = await request(apiId, 'api', 'oa-two', [
    { externalId: 'li-oa' },
    { externalId: 'zhang-oa' },
  ]);
  const answer = await urgeInstance(t.db, viewer('wang'), { instanceId });
  expect(answer.recipients).toEqual([
    { name: '李四', reachable: true },
    { name: '张三', reachable: false },
  ]);
  expect(await sendUrgeNotices(t.db, { urgeId: answer.urgeId })).toMatchObject({ sent: 1 });
  const rows = await t.db.select().from(urgeNotices).where(eq(urgeNotices.urgeId, answer.urgeId));
  expect(rows.map((r) => [r.recipientName, r.status, r.reason]).sort()).toEqual([
    ['张三', 'not_notified', 'no_dingtalk_account'],
    ['李四', 'sent', null],
  ]);
});

test('who may urge: the originator and an admin, nobody else; a request nobody waits on is 409', async () => {
  const instanceId = await request(apiId, 'api', 'oa-who', [{ externalId: 'li-oa' }]);
  // The approver and an unrelated employee cannot (403), and nothing is written.
  await expect(urgeInstance(t.db, viewer('li'), { instanceId })).rejects.toMatchObject({ code: 'forbidden' });
  await expect(urgeInstance(t.db, viewer('other'), { instanceId })).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(getUrgeStatus(t.db, viewer('other'), { instanceId })).rejects.toMatchObject({
    code: 'not_found',
  });
  expect(await getUrgeStatus(t.db, viewer('li'), { instanceId })).toEqual({
    canUrge: false,
    nextAllowedAt: null,
    last: null,
  });
  expect(await t.db.select().from(urges).where(eq(urges.instanceId, instanceId))).toHaveLength(0);
  // An admin can.
  await urgeInstance(t.db, viewer('boss', true), { instanceId });
  // Nobody waiting on it: 409.
  const nobody = await request(apiId, 'api', 'oa-nobody', []);
  await expect(urgeInstance(t.db, viewer('wang'), { instanceId: nobody })).rejects.toMatchObject({
    code: 'conflict',
  });
  await expect(
    urgeInstance(t.db, viewer('wang'), { instanceId: '00000000-0000-4000-8000-000000000000' }),
  ).rejects.toMatchObject({ code: 'not_found' });
});
