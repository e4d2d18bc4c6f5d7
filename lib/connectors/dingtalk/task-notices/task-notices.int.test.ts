import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, processInstances, taskNotices, tasks, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { instanceUpsertSchema } from '@/lib/connectors/api/push-schema';
import { saveApiNoticesAsAdmin } from '@/lib/connectors/api/save-api-notices';
import { createApiConnectorWithKey, createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { announceTasks } from './announce-tasks';

/**
 * The one announcement path against the sandbox's work notices (§11) and 待办 (§9): open-API tasks announced once
 * per task however often the job runs, the status bar set to the outcome, mute, connector off, DingTalk's limits.
 */

let t: TestDatabase;
let sandbox: RunningSandbox;
let ids: Record<string, string>;
let dingtalkId: string;
let api: { id: string };
const admin = () => ({ userId: ids.admin as string, name: 'admin', isAdmin: true });
const APP_URL = 'https://huiban.test.example';

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'admin'].map((u) => ({
      username: u,
      name: `用户${u}`,
      email: `${u}@test.example`,
    })),
  );
  await t.db
    .update(users)
    .set({ role: 'admin' })
    .where(eq(users.id, ids.admin as string));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    config: { agentId: TEST_APP.agentId },
  }));
  await t.db.insert(identities).values(
    ['u1', 'u2', 'u3', 'u4'].map((u) => ({
      connectorId: dingtalkId,
      externalUserId: u,
      unionId: `union_${u}`,
      userId: ids[u],
      name: u,
      matchedBy: 'email' as const,
    })),
  );
  api = await createApiConnectorWithKey(t.db, { name: 'ERP' });
  await saveApiNoticesAsAdmin(t.db, admin(), api.id, {
    dingtalkConnectorId: dingtalkId,
    announce: true,
    mirrorTodo: false,
  });
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  await t?.drop();
});

type TaskIn = {
  id: string;
  to: string;
  status?: 'pending' | 'done';
  result?: 'agree' | 'refuse';
  node?: string;
};

async function push(externalId: string, updatedAt: string, list: TaskIn[], status = 'running') {
  await pushInstance(
    t.db,
    api.id,
    instanceUpsertSchema.parse({
      externalId,
      title: `采购 ${externalId}`,
      originator: { email: 'u4@test.example', name: '用户u4' },
      summary: '金额：¥ 1,000；供应商：东方',
      formValues: [{ name: '金额', value: 1000 }],
      status,
      createdAt: '2026-12-01T08:00:00Z',
      updatedAt,
      tasks: list.map((x) => ({
        externalTaskId: x.id,
        assignee: { email: `${x.to}@test.example` },
        nodeName: x.node ?? '主管审批',
        status: x.status ?? 'pending',
        ...(x.result ? { result: x.result } : {}),
      })),
    }),
  );
}

const key = (externalId: string) => ({ connectorId: api.id, externalId });

async function noticeOf(externalTaskId: string) {
  const [row] = await t.db
    .select({ notice: taskNotices })
    .from(taskNotices)
    .innerJoin(tasks, eq(tasks.id, taskNotices.taskId))
    .where(and(eq(tasks.connectorId, api.id), eq(tasks.externalTaskId, externalTaskId)));
  return row?.notice;
}

async function jobsFor(externalId: string): Promise<number> {
  const rows = await t.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'announce-tasks' AND data->>'externalId' = ${externalId}`,
  );
  return Number(rows[0]?.n ?? 0);
}

test('a task is announced once, however often (and however concurrently) the job runs', async () => {
  await push('PO-1', '2026-12-01T08:00:00Z', [{ id: 'PO-1-a', to: 'u1' }]);
  // The write enqueued the job in its own transaction.
  expect(await jobsFor('PO-1')).toBe(1);
  await Promise.all([announceTasks(t.db, key('PO-1')), announceTasks(t.db, key('PO-1'))]);
  await announceTasks(t.db, key('PO-1'));

  const calls = sandbox.control.noticeCalls('u1');
  expect(calls).toHaveLength(1);
  const oa = (calls[0]?.msg as { oa?: unknown } | undefined)?.oa as {
    message_url: string;
    pc_message_url: string;
    status_bar: { status_value: string };
    body: { title: string; form: { key: string; value: string }[] };
  };
  const [instance] = await t.db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(eq(processInstances.externalId, 'PO-1'));
  const target = encodeURIComponent(`${APP_URL}/instances/${instance?.id}`);
  expect(oa.message_url).toBe(`dingtalk://dingtalkclient/page/link?url=${target}&pc_slide=false`);
  expect(oa.pc_message_url).toBe(`dingtalk://dingtalkclient/page/link?url=${target}&pc_slide=true`);
  expect(oa.status_bar.status_value).toBe('待处理');
  expect(oa.body.title).toBe('待审批：采购 PO-1');
  expect(oa.body.form).toEqual([
    { key: '发起人：', value: '用户u4' },
    { key: '节点：', value: '主管审批' },
    { key: '金额：', value: '¥ 1,000' },
    { key: '供应商：', value: '东方' },
  ]);
  const notice = await noticeOf('PO-1-a');
  expect(notice).toMatchObject({ state: 'sent', dingtalkTaskId: calls[0]?.taskId, delivery: 'unread' });
});

test('the status bar shows the outcome when the task ends, once', async () => {
  await push(
    'PO-1',
    '2026-12-01T09:00:00Z',
    [{ id: 'PO-1-a', to: 'u1', status: 'done', result: 'agree' }],
    'completed',
  );
  sandbox.control.readNotice((await noticeOf('PO-1-a'))?.dingtalkTaskId as number, 'u1');
  await announceTasks(t.db, key('PO-1'));
  await announceTasks(t.db, key('PO-1'));
  const [sent] = sandbox.control.notices({ userId: 'u1' });
  expect(sent?.statusBar).toEqual({ status_value: '已同意', status_bg: '0xFF52C41A' });
  expect(await noticeOf('PO-1-a')).toMatchObject({
    state: 'closed',
    statusValue: '已同意',
    delivery: 'read',
  });
  expect(sandbox.control.noticeCalls('u1')).toHaveLength(1);
});

test('a crash between the call and its record resends the same bytes, which DingTalk drops (getsendresult 143106)', async () => {
  await push('PO-2', '2026-12-01T08:00:00Z', [{ id: 'PO-2-a', to: 'u2' }]);
  await announceTasks(t.db, key('PO-2'));
  // What a worker killed after DingTalk accepted the call leaves behind: the claimed row, still `sending`.
  const first = await noticeOf('PO-2-a');
  await t.db
    .update(taskNotices)
    .set({ state: 'sending', dingtalkTaskId: null, sentAt: null })
    .where(eq(taskNotices.id, first?.id as string));
  await announceTasks(t.db, key('PO-2'));
  expect(sandbox.control.noticeCalls('u2')).toHaveLength(2);
  // The person saw one notice.
  expect(sandbox.control.notices({ userId: 'u2' })).toHaveLength(1);
  expect(await noticeOf('PO-2-a')).toMatchObject({ state: 'sent', delivery: 'duplicate' });
});

test('the same content to the same person twice in a day is sent once', async () => {
  // Two tasks of one instance for one person at the same step read exactly alike.
  await push('PO-3', '2026-12-01T08:00:00Z', [
    { id: 'PO-3-a', to: 'u3' },
    { id: 'PO-3-b', to: 'u3' },
  ]);
  await announceTasks(t.db, key('PO-3'));
  expect(sandbox.control.noticeCalls('u3')).toHaveLength(1);
  const states = [(await noticeOf('PO-3-a'))?.state, (await noticeOf('PO-3-b'))?.state].sort();
  expect(states).toEqual(['sent', 'skipped']);
  const skipped = (await noticeOf('PO-3-a'))?.state === 'skipped' ? 'PO-3-a' : 'PO-3-b';
  expect((await noticeOf(skipped))?.skipReason).toBe('duplicate');
});

test('the daily cap per person is kept (DINGTALK_NOTICE_DAILY_LIMIT)', async () => {
  const before = sandbox.control.noticeCalls('u3').length;
  process.env.DINGTALK_NOTICE_DAILY_LIMIT = '1';
  try {
    await push('PO-4', '2026-12-01T08:00:00Z', [{ id: 'PO-4-a', to: 'u3' }]);
    await announceTasks(t.db, key('PO-4'));
  } finally {
    delete process.env.DINGTALK_NOTICE_DAILY_LIMIT;
  }
  expect(sandbox.control.noticeCalls('u3')).toHaveLength(before);
  expect(await noticeOf('PO-4-a')).toMatchObject({ state: 'skipped', skipReason: 'daily_limit' });
});

test('a person who muted notices gets none', async () => {
  await t.db
    .update(users)
    .set({ muteTaskNotices: true })
    .where(eq(users.id, ids.u1 as string));
  try {
    await push('PO-5', '2026-12-01T08:00:00Z', [{ id: 'PO-5-a', to: 'u1' }]);
    await announceTasks(t.db, key('PO-5'));
  } finally {
    await t.db
      .update(users)
      .set({ muteTaskNotices: false })
      .where(eq(users.id, ids.u1 as string));
  }
  expect(sandbox.control.noticeCalls('u1')).toHaveLength(1);
  expect(await noticeOf('PO-5-a')).toMatchObject({ state: 'skipped', skipReason: 'muted' });
});

test('a connector with notices off enqueues nothing and sends nothing', async () => {
  await saveApiNoticesAsAdmin(t.db, admin(), api.id, {
    dingtalkConnectorId: dingtalkId,
    announce: false,
    mirrorTodo: false,
  });
  try {
    await push('PO-6', '2026-12-01T08:00:00Z', [{ id: 'PO-6-a', to: 'u2' }]);
    expect(await jobsFor('PO-6')).toBe(0);
    // Even a job left over from before the switch sends nothing.
    await announceTasks(t.db, key('PO-6'));
  } finally {
    await saveApiNoticesAsAdmin(t.db, admin(), api.id, {
      dingtalkConnectorId: dingtalkId,
      announce: true,
      mirrorTodo: false,
    });
  }
  expect(await noticeOf('PO-6-a')).toBeUndefined();
  expect(sandbox.control.noticeCalls('u2')).toHaveLength(2);
});

test('optionally mirrored into DingTalk 待办, created once and completed when the task ends', async () => {
  await saveApiNoticesAsAdmin(t.db, admin(), api.id, {
    dingtalkConnectorId: dingtalkId,
    announce: false,
    mirrorTodo: true,
  });
  await push('PO-7', '2026-12-01T08:00:00Z', [{ id: 'PO-7-a', to: 'u4' }]);
  await Promise.all([announceTasks(t.db, key('PO-7')), announceTasks(t.db, key('PO-7'))]);
  const todos = sandbox.control.todos({ unionId: 'union_u4' }) as { sourceId: string; done: boolean }[];
  expect(todos).toHaveLength(1);
  const [task] = await t.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.externalTaskId, 'PO-7-a'));
  expect(todos[0]?.sourceId).toBe(`huiban:task:${task?.id}`);
  await push(
    'PO-7',
    '2026-12-01T09:00:00Z',
    [{ id: 'PO-7-a', to: 'u4', status: 'done', result: 'refuse' }],
    'completed',
  );
  await announceTasks(t.db, key('PO-7'));
  expect((sandbox.control.todos({ unionId: 'union_u4' }) as { done: boolean }[])[0]?.done).toBe(true);
  // Huiban's own 待办 never come back as tasks.
  const [{ n } = { n: 0 }] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .innerJoin(connectors, eq(connectors.id, tasks.connectorId))
    .where(eq(connectors.kind, 'dingtalk'));
  expect(n).toBe(0);
});

test('the health page counts sends, skips, reads and DingTalk drops per connector, and the monthly quota used', async () => {
  const { getNoticeStatsAsAdmin } = await import('@/lib/operations/get-notice-stats');
  const stats = await getNoticeStatsAsAdmin(t.db, admin());
  expect(stats.monthlyQuota).toBe(3000);
  expect(stats.sources).toEqual([
    expect.objectContaining({
      connectorId: api.id,
      sent: 3,
      closed: 1,
      skipped: 3,
      failed: 0,
      read: 1,
      undelivered: 1,
    }),
  ]);
  expect(stats.senders).toEqual([expect.objectContaining({ connectorId: dingtalkId, used: 3 })]);
});
