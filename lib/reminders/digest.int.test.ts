import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, digestSends, identities, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { importCalendarDaysAsAdmin } from '@/lib/sla/calendar/calendar-admin';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { sendDailyDigests } from './send-daily-digests';

/**
 * The daily digest against PostgreSQL and the DingTalk sandbox (docs/reminders.md): at 09:00 company time on
 * working days, one per user per day even when the run repeats or two run at once; skipped when nothing waits;
 * not on a public holiday; on a make-up working Saturday (调休); at the user's own hour; never when turned off.
 * The calendar: 2026-10-01 (Thu) is a holiday, 2026-10-10 (Sat) a make-up working day.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let apiId: string;
const at = (local: string) => new Date(`${local}:00+08:00`);
/** A user's digest rows after the first test's day (2026-09-30 gave everyone one, `empty` where nothing waited). */
const digestsOf = (user: string, after = '') =>
  t.db
    .select()
    .from(digestSends)
    .where(and(eq(digestSends.userId, ids[user]!), gt(digestSends.localDate, after)));
const AFTER = '2026-09-30';
const noticesTo = (dingtalkUserId: string) => sandbox.control.notices({ userId: dingtalkUserId });

/** `n` pending approval tasks for a person of the open-API connector. */
async function waitingFor(externalUserId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await applySnapshot(t.db, {
      connectorId: apiId,
      source: 'api',
      snapshot: {
        externalId: `${externalUserId}-${i}`,
        title: `报销单 ${externalUserId} ${i}`,
        status: 'running',
        createdAt: new Date('2026-09-01T01:00:00Z'),
        sourceUpdatedAt: new Date('2026-09-01T01:00:00Z'),
        taskScope: 'full',
        tasks: [
          {
            externalTaskId: 't',
            kind: 'approval',
            assigneeExternalId: externalUserId,
            status: 'pending',
            receivedAt: new Date('2026-09-01T01:00:00Z'),
          },
        ],
      },
    });
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['li', 'fei', 'qian', 'zhang', 'idle', 'boss'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@t.example`,
    })),
  );
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  const { id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
    config: { agentId: TEST_APP.agentId },
  });
  const [api] = await t.db
    .insert(connectors)
    .values({ kind: 'api', name: 'OA', config: {} })
    .returning({ id: connectors.id });
  apiId = api!.id;
  const link = (connectorId: string, externalUserId: string, user: string) => ({
    connectorId,
    externalUserId,
    userId: ids[user],
    name: user,
    matchedBy: 'email' as const,
  });
  // li, fei, qian are DingTalk users u2, u4, u5; zhang has no DingTalk account; idle has nothing waiting.
  await t.db
    .insert(identities)
    .values([
      link(dingtalkId, 'u2', 'li'),
      link(dingtalkId, 'u4', 'fei'),
      link(dingtalkId, 'u5', 'qian'),
      ...['li', 'fei', 'qian', 'zhang', 'idle'].map((u) => link(apiId, u, u)),
    ]);
  await importCalendarDaysAsAdmin(
    t.db,
    { userId: ids.boss!, name: 'boss', isAdmin: true },
    { text: '2026-10-01 holiday 国庆节\n2026-10-10 workday 国庆调休' },
  );
  await waitingFor('li', 4);
  await waitingFor('zhang', 1);
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
  await sandbox?.close();
});

test('a working day: nothing before 09:00; then one digest per user, also when runs repeat or race; skipped when empty', async () => {
  expect(await sendDailyDigests(t.db, { now: at('2026-09-30T08:55') })).toMatchObject({ sent: 0, empty: 0 });
  expect(await digestsOf('li')).toHaveLength(0);

  const now = at('2026-09-30T09:00');
  const [a, b] = await Promise.all([sendDailyDigests(t.db, { now }), sendDailyDigests(t.db, { now })]);
  await sendDailyDigests(t.db, { now: at('2026-09-30T09:05') });
  expect(a.sent + b.sent).toBe(1);

  const notices = noticesTo('u2');
  expect(notices).toHaveLength(1);
  const oa = (notices[0]!.msg as { oa: Record<string, unknown> }).oa;
  const body = oa.body as { title: string; form: { key: string; value: string }[]; content: string };
  // Count, the top items, and a link to 待我处理 opening inside DingTalk.
  expect(body.title).toBe('今日待办：4 条等待您处理');
  expect(body.form).toHaveLength(3);
  expect(body.form[0]?.value).toMatch(/^报销单 li \d（等待自 /);
  expect(body.content).toContain('另有 1 条');
  const inbox = `${(process.env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, '')}/inbox/pending`;
  expect(oa.message_url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(inbox)}&pc_slide=false`,
  );
  expect(await digestsOf('li')).toMatchObject([{ localDate: '2026-09-30', status: 'sent', pendingCount: 4 }]);

  // Nothing waits for idle: no notice, recorded as skipped (empty) so later runs do not look again.
  expect(await digestsOf('idle')).toMatchObject([{ status: 'empty' }]);
  // zhang has work but no DingTalk account: not notified, not an error.
  expect(await digestsOf('zhang')).toMatchObject([{ status: 'not_notified', reason: 'no_dingtalk_account' }]);
});

test('not on a public holiday (a Thursday); on a make-up working Saturday (调休); not on an ordinary Saturday', async () => {
  await waitingFor('fei', 1);
  await sendDailyDigests(t.db, { now: at('2026-10-01T09:30') });
  expect(await digestsOf('fei', AFTER)).toHaveLength(0);
  expect(noticesTo('u4')).toHaveLength(0);

  await sendDailyDigests(t.db, { now: at('2026-10-03T09:30') });
  expect(await digestsOf('fei', AFTER)).toHaveLength(0);

  await sendDailyDigests(t.db, { now: at('2026-10-10T09:30') });
  expect(await digestsOf('fei', AFTER)).toMatchObject([{ localDate: '2026-10-10', status: 'sent' }]);
  expect(noticesTo('u4')).toHaveLength(1);
});

test("the user's own hour; turned off means none", async () => {
  await waitingFor('qian', 2);
  await t.db.update(users).set({ digestHour: 14 }).where(eq(users.id, ids.qian!));
  await sendDailyDigests(t.db, { now: at('2026-10-12T09:30') });
  expect(await digestsOf('qian', '2026-10-11')).toHaveLength(0);
  await sendDailyDigests(t.db, { now: at('2026-10-12T14:00') });
  expect(await digestsOf('qian', '2026-10-11')).toMatchObject([{ localDate: '2026-10-12', status: 'sent' }]);

  await t.db.update(users).set({ digestEnabled: false }).where(eq(users.id, ids.qian!));
  await sendDailyDigests(t.db, { now: at('2026-10-13T15:00') });
  expect(await digestsOf('qian', '2026-10-11')).toHaveLength(1);
  expect(noticesTo('u5')).toHaveLength(1);
});
