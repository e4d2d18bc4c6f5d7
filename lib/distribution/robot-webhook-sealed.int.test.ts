import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { GET as getOne, PATCH as patchOne } from '@/app/api/admin/subscriptions/[subscriptionId]/route';
import { POST as create, GET as list } from '@/app/api/admin/subscriptions/route';
import { subscriptions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector, ensureTestSecretsKey } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { maskUrl, sealPlainRobotUrls, unsafeOpenSubscriptionUrl } from './subscription-url';

// The routes read the session through next-auth; a test has no cookie, so it names the user.
const session = vi.hoisted(() => ({ userId: undefined as string | undefined }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () =>
    session.userId ? { userId: session.userId, sid: '00000000-0000-4000-8000-000000000001' } : null,
}));

let t: TestDatabase;
let sandbox: RunningSandbox;
let worker: RunningWorker | undefined;
let connectorId: string;

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
    app: TEST_APP,
    name: '钉钉',
  }));
});

afterAll(async () => {
  await worker?.stop();
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
  await sandbox?.close();
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  options: { method?: string; params?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const response = await handler(
    new Request('http://localhost/api/admin/subscriptions', {
      method: options.method ?? 'GET',
      headers: options.body !== undefined ? { 'content-type': 'application/json' } : {},
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    }),
    { params: Promise.resolve(options.params ?? {}) },
  );
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : {} };
}

/** Every column of the subscription row and the audit log, as text: where a leaked token would show. */
async function storedText(subscriptionId: string): Promise<string> {
  const rows =
    await t.db.execute(sql`select s::text as row from subscriptions s where s.id = ${subscriptionId}
    union all select a::text from audit_log a where a.target_id = ${subscriptionId}`);
  return rows.map((r) => String(r.row)).join('\n');
}

let seq = 0;
async function newTask() {
  seq += 1;
  await applySnapshot(t.db, {
    connectorId,
    source: 'dingtalk',
    snapshot: {
      externalId: `PI-SEALED-${seq}`,
      processCode: 'PROC-S',
      processName: '报销',
      title: `报销 ${seq}`,
      originator: { externalUserId: 'zhangsan', name: '张三' },
      status: 'running',
      createdAt: '2026-11-23T08:00:00Z',
      sourceUpdatedAt: '2026-11-23T08:00:00Z',
      taskScope: 'full',
      tasks: [
        {
          externalTaskId: `T-SEALED-${seq}`,
          kind: 'approval',
          assigneeExternalId: 'lisi',
          assigneeName: '李四',
          status: 'pending',
          receivedAt: '2026-11-23T08:00:00Z',
        },
      ],
    },
  });
}

test('a robot webhook’s access_token is sealed at rest, never in an API answer or the audit log, and still reaches the robot', async () => {
  const robot = sandbox.control.createRobot({});
  const created = await call(create, {
    method: 'POST',
    body: {
      kind: 'dingtalk_robot',
      name: '审批群',
      url: robot.webhook,
      robotSecret: robot.secret,
      eventTypes: ['task.created'],
    },
  });
  expect(created.status).toBe(201);
  const subscriptionId = String((created.json.subscription as { id: string }).id);
  expect(created.text).not.toContain(robot.accessToken);
  const masked = (created.json.subscription as { url: string }).url;
  expect(masked).toBe(`${sandbox.url}/robot/send?access_token=****${robot.accessToken.slice(-4)}`);

  for (const answer of [await call(list), await call(getOne, { params: { subscriptionId } })]) {
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(robot.accessToken);
  }
  const [row] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  expect(row?.url).toBe(masked);
  expect(row?.sealedUrl).toMatch(/^v1\./);
  expect(await storedText(subscriptionId)).not.toContain(robot.accessToken);

  // The edit form sends the masked URL back with a new name: the sealed webhook is kept.
  const renamed = await call(patchOne, {
    method: 'PATCH',
    params: { subscriptionId },
    body: { name: '审批群 2', url: masked },
  });
  expect(renamed.status).toBe(200);
  const [kept] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  expect(kept?.sealedUrl).toBe(row?.sealedUrl);

  // A message goes out through the sealed URL, signed, and the sandbox robot accepts it.
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
  await newTask();
  const got = await waitFor(async () => {
    const r = sandbox.control.robotMessages(robot.accessToken);
    return r.messages.length >= 1 ? r : undefined;
  }, 20_000);
  expect(got.calls.map((c) => c.errcode)).toEqual([0]);

  // A new webhook is sealed again; the old token is gone from the row.
  const other = sandbox.control.createRobot({});
  const moved = await call(patchOne, {
    method: 'PATCH',
    params: { subscriptionId },
    body: { url: other.webhook, robotSecret: other.secret },
  });
  expect(moved.status).toBe(200);
  expect(moved.text).not.toContain(other.accessToken);
  const stored = await storedText(subscriptionId);
  expect(stored).not.toContain(other.accessToken);
  expect(stored).not.toContain(robot.accessToken);
  const [now] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  expect(
    unsafeOpenSubscriptionUrl({ id: subscriptionId, url: now?.url ?? '', sealedUrl: now?.sealedUrl ?? null }),
  ).toBe(other.webhook);
});

test('a robot row stored with a plaintext webhook (before sealing) is sealed once at boot, and masked in answers before that', async () => {
  const robot = sandbox.control.createRobot({});
  const [legacy] = await t.db
    .insert(subscriptions)
    .values({ kind: 'dingtalk_robot', name: '旧机器人', url: robot.webhook, eventTypes: ['task.created'] })
    .returning({ id: subscriptions.id });
  const subscriptionId = String(legacy?.id);
  const before = await call(getOne, { params: { subscriptionId } });
  expect(before.text).not.toContain(robot.accessToken);

  // The worker booted in the first test; run the boot step again as a second worker would: idempotent.
  expect(await sealPlainRobotUrls(t.db)).toBe(1);
  expect(await sealPlainRobotUrls(t.db)).toBe(0);
  const [row] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  expect(row?.url).toBe(maskUrl(robot.webhook));
  expect(await storedText(subscriptionId)).not.toContain(robot.accessToken);
  expect(
    unsafeOpenSubscriptionUrl({ id: subscriptionId, url: row?.url ?? '', sealedUrl: row?.sealedUrl ?? null }),
  ).toBe(robot.webhook);
});

test('maskUrl hides credential-like query values only and is idempotent', () => {
  const url = 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789&x=1';
  expect(maskUrl(url)).toBe('https://oapi.dingtalk.com/robot/send?access_token=****6789&x=1');
  expect(maskUrl(maskUrl(url))).toBe(maskUrl(url));
  expect(maskUrl('https://example.com/hook')).toBe('https://example.com/hook');
  expect(maskUrl('https://example.com/hook?access_token=short')).toBe(
    'https://example.com/hook?access_token=****',
  );
});
