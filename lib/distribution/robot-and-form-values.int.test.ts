import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deliveries, robotMessages, subscriptions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { getSubscriptionAsAdmin } from './list-subscriptions';
import { type EventEnvelope, RAW_EVENT_TYPES } from './outbox/event-types';
import { createSubscriptionAsAdmin } from './save-subscription';
import { type CreateSubscriptionInput, createSubscriptionSchema } from './subscription-input';

let t: TestDatabase;
let sandbox: RunningSandbox;
let worker: RunningWorker | undefined;
let receiver: Server;
let base: string;
let connectorId: string;
let admin: { userId: string; name: string; isAdmin: true };
const received: { path: string; body: EventEnvelope }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await createUser(t.db, { username: 'boss', name: '管理员', password: 'test-password-1', role: 'admin' });
  const [boss] = await t.db.execute<{ id: string }>(sql`select id from users where username = 'boss'`);
  admin = { userId: String(boss?.id), name: '管理员', isAdmin: true };
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    name: '钉钉',
  }));
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ path: req.url ?? '/', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.drop();
  await sandbox?.close();
});

async function subscribe(input: CreateSubscriptionInput) {
  return createSubscriptionAsAdmin(t.db, admin, createSubscriptionSchema.parse(input));
}

let seq = 0;
function snapshot(patch: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  seq += 1;
  return {
    externalId: `PI-${seq}`,
    processCode: 'PROC-A',
    processName: '报销',
    title: `报销 ${seq}`,
    originator: { externalUserId: 'zhangsan', name: '张三' },
    status: 'running',
    createdAt: '2026-11-23T08:00:00Z',
    sourceUpdatedAt: '2026-11-23T08:00:00Z',
    taskScope: 'full',
    formValues: [
      { id: 'numberField_amount', name: '金额', type: 'NumberField', value: 120, display: '120' },
      { id: 'textField_reason', name: '事由', type: 'TextField', value: '出差', display: '出差' },
      { id: 'textField_idNo', name: '身份证号', type: 'TextField', value: '310…', display: '310…' },
    ],
    tasks: [
      {
        externalTaskId: `T-${seq}`,
        kind: 'approval',
        assigneeExternalId: 'lisi',
        assigneeName: '李四',
        status: 'pending',
        receivedAt: '2026-11-23T08:00:00Z',
      },
    ],
    ...patch,
  };
}

test('form values go out only to subscriptions that opted in, and only the fields allowed for the process', async () => {
  const events = ['task.created', 'instance.created'];
  await subscribe({
    kind: 'webhook',
    name: 'archive',
    url: `${base}/archive`,
    eventTypes: events,
    formValues: { enabled: true, fields: { 'PROC-A': ['金额', 'textField_reason'] } },
  });
  await subscribe({ kind: 'webhook', name: 'plain', url: `${base}/plain`, eventTypes: events });
  const a = snapshot();
  const b = snapshot({ processCode: 'PROC-B' });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: a });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: b });
  await waitFor(async () => (received.length >= 8 ? true : undefined), 20_000);

  const of = (path: string, externalId: string, type: string) =>
    received.find((r) => {
      const d = r.body.data as { externalId?: string; instance?: { externalId?: string } };
      return (
        r.path === path && r.body.type === type && (d.instance?.externalId ?? d.externalId) === externalId
      );
    })?.body.data as { formValues?: { id: string; name: string; value: unknown }[] } | undefined;
  for (const type of events) {
    expect(of('/archive', a.externalId, type)?.formValues?.map((v) => [v.id, v.name, v.value])).toEqual([
      ['numberField_amount', '金额', 120],
      ['textField_reason', '事由', '出差'],
    ]);
    // A process the allow-list does not name sends no form values; nor does a subscription that did not opt in.
    expect(of('/archive', b.externalId, type)).toBeDefined();
    expect(of('/archive', b.externalId, type)?.formValues).toBeUndefined();
    expect(of('/plain', a.externalId, type)).toBeDefined();
    expect(of('/plain', a.externalId, type)?.formValues).toBeUndefined();
  }
  expect(JSON.stringify(received)).not.toContain('身份证号');
});

test('department events are not offered: nothing delivers them', () => {
  expect(RAW_EVENT_TYPES.some((type) => type.startsWith('org_dept_'))).toBe(false);
  expect(() =>
    createSubscriptionSchema.parse({
      kind: 'webhook',
      name: 'x',
      url: `${base}/x`,
      eventTypes: ['org_dept_create'],
    }),
  ).toThrow();
});

test('a group robot gets signed markdown messages the sandbox verifies, @ the assignee, within its per-minute limit (a burst is batched and queued)', async () => {
  // The sandbox robot allows 2 messages a minute, and so does the subscription: a third would be refused (410100).
  const robot = sandbox.control.createRobot({ perMinute: 2 });
  const created = await subscribe({
    kind: 'dingtalk_robot',
    name: '审批群',
    url: robot.webhook,
    robotSecret: robot.secret ?? '',
    atMode: 'userId',
    perMinute: 2,
    eventTypes: ['task.created'],
  });
  expect(created.secret).toBeNull();
  const view = await getSubscriptionAsAdmin(t.db, admin, created.subscription.id);
  expect(view).toMatchObject({ kind: 'dingtalk_robot', atMode: 'userId', perMinute: 2, hasSecret: true });
  expect(JSON.stringify(view)).not.toContain(robot.secret);
  const [row] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, created.subscription.id));
  expect(row?.secret).not.toContain(robot.secret);

  const burst = 25;
  for (let i = 0; i < burst; i++) {
    await applySnapshot(t.db, {
      connectorId,
      source: 'dingtalk',
      snapshot: snapshot({ processCode: 'PROC-R' }),
    });
  }
  const got = await waitFor(async () => {
    const r = sandbox.control.robotMessages(robot.accessToken);
    return r.messages.length >= 2 ? r : undefined;
  }, 20_000);
  // Give a third send the chance to happen (it must not): the queued deliveries wait for the next minute.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const after = sandbox.control.robotMessages(robot.accessToken);
  expect(after.calls.map((c) => c.errcode)).toEqual([0, 0]);
  expect(after.messages).toHaveLength(2);

  const rows = await t.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.subscriptionId, created.subscription.id));
  expect(rows).toHaveLength(burst);
  const delivered = rows.filter((d) => d.status === 'delivered').length;
  const sent = await t.db
    .select()
    .from(robotMessages)
    .where(eq(robotMessages.subscriptionId, created.subscription.id));
  expect(sent.map((m) => m.errcode)).toEqual(['0', '0']);
  expect(sent.reduce((n, m) => n + m.deliveryCount, 0)).toBe(delivered);
  expect(delivered).toBeGreaterThan(2);
  expect(rows.filter((d) => d.status === 'pending' || d.status === 'failed').length).toBe(burst - delivered);

  const body = got.messages[1]?.body as {
    msgtype: string;
    markdown: { title: string; text: string };
    at: { atUserIds: string[] };
  };
  expect(body.msgtype).toBe('markdown');
  expect(body.markdown.text).toContain('新待办');
  expect(body.markdown.text).toContain('@lisi');
  expect(body.markdown.text).toMatch(/\/instances\/[0-9a-f-]{36}\)/);
  expect(body.at.atUserIds).toEqual(['lisi']);
});

test('a robot whose secret is wrong is refused by the sandbox (310000 sign not match) and the delivery records it', async () => {
  const robot = sandbox.control.createRobot({});
  const created = await subscribe({
    kind: 'dingtalk_robot',
    name: '错误密钥',
    url: robot.webhook,
    robotSecret: 'SECwrong',
    atMode: 'none',
    eventTypes: ['instance.created'],
  });
  await applySnapshot(t.db, {
    connectorId,
    source: 'dingtalk',
    snapshot: snapshot({ processCode: 'PROC-W' }),
  });
  const [failed] = await waitFor(async () => {
    const rows = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.subscriptionId, created.subscription.id));
    return rows[0]?.lastError ? rows : undefined;
  }, 20_000);
  expect(failed?.status).not.toBe('delivered');
  expect(failed?.lastError).toContain('310000');
  expect(sandbox.control.robotMessages(robot.accessToken).calls[0]).toMatchObject({ errcode: 310000 });
  expect(sandbox.control.robotMessages(robot.accessToken).messages).toHaveLength(0);
});
