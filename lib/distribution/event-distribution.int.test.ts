import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, deliveries, inboundEvents, subscriptions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { recordInboundEvent } from '@/lib/inbound/record-inbound-event';
import { createUser } from '@/lib/people/create-user';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../crypto/signature';
import type { EventEnvelope } from './outbox/event-types';
import { createSubscriptionAsAdmin, updateSubscriptionAsAdmin } from './save-subscription';
import { setSubscriptionEnabledAsAdmin } from './set-subscription-enabled';
import { type CreateSubscriptionInput, createSubscriptionSchema } from './subscription-input';

type Received = {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  isValid: boolean;
};

let t: TestDatabase;
let sandbox: RunningSandbox;
let worker: RunningWorker | undefined;
let receiver: Server;
let base: string;
let connectorId: string;
let otherConnectorId: string;
let admin: { userId: string; name: string; isAdmin: true };
/** The receiver's per-path script: answers to give next (then 200), and the secret to verify with. */
const script = new Map<string, { answers: number[]; secret?: string; always?: number }>();
const received: Received[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await createUsers(t.db, [{ username: 'u1', name: 'u1', email: 'u1@test.example', password: null }]);
  await createUser(t.db, { username: 'boss', name: '管理员', password: 'test-password-1', role: 'admin' });
  const [boss] = await t.db.execute<{ id: string }>(sql`select id from users where username = 'boss'`);
  admin = { userId: String(boss?.id), name: '管理员', isAdmin: true };
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    name: '钉钉',
  }));
  ({ id: otherConnectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: 'dingothercorp',
    app: { clientId: 'other-app', clientSecret: 'other-secret' },
    name: '另一个钉钉',
  }));
  // Tests drive retries quickly: the queue's retry delay is a pg-boss queue option, read when a job is sent.
  await t.db.execute(
    sql`update pgboss.queue set retry_delay = 1, retry_backoff = false where name = 'deliver-event'`,
  );
  // A real HTTP receiver: verifies the signature like a subscriber would, answers as scripted per path.
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const entry = script.get(path);
    const status = entry?.always ?? entry?.answers.shift() ?? 200;
    const isValid =
      !!entry?.secret &&
      verifySignature(entry.secret, body, req.headers[SIGNATURE_HEADER] as string | undefined, {
        timestamp: (req.headers[TIMESTAMP_HEADER] as string | undefined) ?? null,
      });
    received.push({ path, headers: req.headers, body, status, isValid });
    res.writeHead(status, { 'content-type': 'application/json' });
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

async function subscribe(path: string, input: Partial<CreateSubscriptionInput> = {}) {
  const created = await createSubscriptionAsAdmin(
    t.db,
    admin,
    createSubscriptionSchema.parse({
      kind: 'webhook',
      name: `hook ${path}`,
      url: `${base}${path}`,
      eventTypes: ['task.created', 'task.completed', 'instance.created', 'instance.finished'],
      ...input,
    }),
  );
  script.set(path, { answers: [], secret: created.secret ?? undefined });
  return { id: created.subscription.id, secret: created.secret as string };
}

let seq = 0;
function snapshot(patch: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  seq += 1;
  return {
    externalId: `PI-${seq}`,
    processCode: 'PROC-A',
    processName: '请假',
    title: `请假 ${seq}`,
    originator: { externalUserId: 'zhangsan', name: '张三' },
    status: 'running',
    createdAt: '2026-11-23T08:00:00Z',
    sourceUpdatedAt: '2026-11-23T08:00:00Z',
    taskScope: 'full',
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

const deliveriesOf = (subscriptionId: string) =>
  t.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.subscriptionId, subscriptionId))
    .orderBy(deliveries.createdAt);

async function waitFor<T>(read: () => Promise<T>, isDone: (v: T) => boolean, timeoutMs = 25_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
}

const at = (path: string) => received.filter((r) => r.path === path);

test('a task change is delivered as a signed JSON envelope a receiver can verify', async () => {
  const sub = await subscribe('/signed', { eventTypes: ['task.created'] });
  const s = snapshot();
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: s });
  const rows = await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r[0]?.status === 'delivered',
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    eventType: 'task.created',
    status: 'delivered',
    attempts: 1,
    responseStatus: 200,
  });
  expect(rows[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  const [request] = at('/signed');
  expect(request?.isValid).toBe(true);
  expect(request?.headers['content-type']).toBe('application/json');
  expect(request?.headers['x-huiban-event']).toBe('task.created');
  const envelope = JSON.parse(request?.body ?? '{}') as EventEnvelope;
  expect(envelope).toMatchObject({
    type: 'task.created',
    occurredAt: '2026-11-23T08:00:00.000Z',
    data: {
      externalTaskId: s.tasks?.[0]?.externalTaskId,
      status: 'pending',
      assignee: { externalUserId: 'lisi' },
      instance: { externalId: s.externalId, processCode: 'PROC-A', connectorId },
    },
  });
  expect(envelope.id).toMatch(/^evt_[0-9a-f]{32}$/);
  expect(request?.headers['x-huiban-event-id']).toBe(envelope.id);
  // The signature does not verify with another secret or another body.
  expect(
    verifySignature('whsec_other', request?.body ?? '', String(request?.headers[SIGNATURE_HEADER]), {
      timestamp: String(request?.headers[TIMESTAMP_HEADER]),
    }),
  ).toBe(false);
});

test('a receiver that fails 3 times then succeeds gets exactly one successful delivery, after 3 failures', async () => {
  const sub = await subscribe('/flaky', { eventTypes: ['instance.created'] });
  script.get('/flaky')?.answers.push(500, 503, 502);
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: snapshot() });
  const rows = await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r[0]?.status === 'delivered',
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'delivered', attempts: 4, responseStatus: 200, lastError: null });
  const requests = at('/flaky');
  expect(requests.map((r) => r.status)).toEqual([500, 503, 502, 200]);
  expect(requests.every((r) => r.isValid)).toBe(true);
  // Every attempt carries the same event (same body bytes, same id).
  expect(new Set(requests.map((r) => r.body)).size).toBe(1);
  // Nothing further arrives after the success.
  await new Promise((r) => setTimeout(r, 2500));
  expect(at('/flaky')).toHaveLength(4);
  const [subRow] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
  expect(subRow).toMatchObject({ consecutiveFailures: 0, failingSince: null, enabled: true });
});

test('replaying the same change (and an older one) creates no second delivery', async () => {
  const sub = await subscribe('/replay');
  const s = snapshot();
  for (let i = 0; i < 3; i++) await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: s });
  const done = {
    ...s,
    status: 'completed' as const,
    result: 'agree' as const,
    finishedAt: '2026-11-23T09:00:00Z',
    sourceUpdatedAt: '2026-11-23T09:00:00Z',
    tasks: [{ ...s.tasks?.[0], status: 'done', result: 'agree', finishedAt: '2026-11-23T09:00:00Z' }],
  } as InstanceSnapshot;
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: done });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: done });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: s }); // stale
  const rows = await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r.length === 4 && r.every((d) => d.status === 'delivered'),
  );
  expect(rows.map((r) => r.eventType).sort()).toEqual([
    'instance.created',
    'instance.finished',
    'task.completed',
    'task.created',
  ]);
  expect(at('/replay')).toHaveLength(4);
});

test('filters: a connector filter and a process-code filter each let only their events through', async () => {
  const byConnector = await subscribe('/by-connector', {
    eventTypes: ['instance.created'],
    connectorIds: [otherConnectorId],
  });
  const byProcess = await subscribe('/by-process', {
    eventTypes: ['instance.created'],
    processCodes: ['PROC-B'],
  });
  const a = snapshot({ processCode: 'PROC-A' });
  const b = snapshot({ processCode: 'PROC-B' });
  const c = snapshot({ processCode: 'PROC-A' });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: a });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: b });
  await applySnapshot(t.db, { connectorId: otherConnectorId, source: 'dingtalk', snapshot: c });
  const external = async (subscriptionId: string) =>
    (await deliveriesOf(subscriptionId)).map(
      (d) => ((d.payload as EventEnvelope).data as { externalId: string }).externalId,
    );
  expect(await external(byConnector.id)).toEqual([c.externalId]);
  expect(await external(byProcess.id)).toEqual([b.externalId]);
});

test('a delivery survives a worker restart: a failed attempt, the worker stops, a new one delivers once', async () => {
  const sub = await subscribe('/restart', { eventTypes: ['instance.created'] });
  script.get('/restart')?.answers.push(503);
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: snapshot() });
  await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r[0]?.status === 'failed',
  );
  await worker?.stop();
  worker = undefined;
  // While no worker runs, another change is owed and waits in the outbox.
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: snapshot() });
  await new Promise((r) => setTimeout(r, 1500));
  expect(at('/restart')).toHaveLength(1);
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
  const rows = await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r.length === 2 && r.every((d) => d.status === 'delivered'),
  );
  expect(rows.map((r) => r.attempts).sort()).toEqual([1, 2]);
  const statuses = at('/restart').map((r) => r.status);
  expect(statuses.sort()).toEqual([200, 200, 503]);
});

test('a subscription that keeps failing is auto-paused (audited), holds its deliveries and resends on resume', async () => {
  const sub = await subscribe('/down', {
    eventTypes: ['instance.created'],
    autoPauseFailures: 3,
    autoPauseMinutes: 0,
  });
  script.set('/down', { ...script.get('/down'), answers: [], always: 500 });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: snapshot() });
  const [paused] = await waitFor(
    () => t.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)),
    (r) => r[0]?.enabled === false,
  );
  expect(paused).toMatchObject({ enabled: false, pausedReason: 'auto', consecutiveFailures: 3 });
  // No retry after the pause; a change while paused is not owed to it.
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: snapshot() });
  await new Promise((r) => setTimeout(r, 2500));
  expect(at('/down')).toHaveLength(3);
  const [held] = await deliveriesOf(sub.id);
  expect(held).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 500 });
  expect(await deliveriesOf(sub.id)).toHaveLength(1);
  const audit = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'subscription.auto_pause'), eq(auditLog.targetId, sub.id)));
  expect(audit).toHaveLength(1);
  expect(audit[0]?.details).toMatchObject({ consecutiveFailures: 3, threshold: 3 });

  // The receiver is fixed; the admin resumes: the held delivery goes out.
  script.set('/down', { ...script.get('/down'), answers: [], always: undefined });
  await setSubscriptionEnabledAsAdmin(t.db, admin, sub.id, true);
  const [resent] = await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r[0]?.status === 'delivered',
  );
  expect(resent).toMatchObject({ status: 'delivered', attempts: 4 });
  const [resumed] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
  expect(resumed).toMatchObject({ enabled: true, pausedReason: null, consecutiveFailures: 0 });
});

test('raw DingTalk events go out once processed, once only, also when the event is replayed', async () => {
  const sub = await subscribe('/raw', { eventTypes: ['bpms_instance_change', 'instance.created'] });
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '显示器' },
  }) as { processInstanceId: string };
  const payload = {
    EventType: 'bpms_instance_change',
    processInstanceId,
    processCode: TEST_PROCESS_CODE,
    corpId: TEST_CORP_ID,
    type: 'start',
  };
  const { id: eventId } = await recordInboundEvent(t.db, connectorId, {
    sourceEventId: `evt-raw-${processInstanceId}`,
    type: 'bpms_instance_change',
    instanceExternalId: processInstanceId,
    payload,
  });
  const rows = await waitFor(
    () => deliveriesOf(sub.id),
    (r) => r.length === 2 && r.every((d) => d.status === 'delivered'),
  );
  const raw = rows.find((r) => r.eventType === 'bpms_instance_change');
  expect(raw?.eventKey).toBe(`raw:${eventId}`);
  expect((raw?.payload as EventEnvelope | undefined)?.data).toMatchObject({
    connectorId,
    inboundEventId: eventId,
    instanceExternalId: processInstanceId,
    event: payload,
  });
  // Replay the stored event (as the dead-letter replay does): processed again, forwarded never again.
  await t.db
    .update(inboundEvents)
    .set({ status: 'failed' })
    .where(eq(inboundEvents.id, eventId ?? ''));
  const { processInboundEvents } = await import('@/lib/sync/process-inbound-events');
  const { log } = await import('@/lib/log');
  await processInboundEvents(
    t.db,
    { connectorId, instanceExternalId: processInstanceId, inboundEventId: eventId ?? '' },
    { log, isFinalAttempt: false },
  );
  const [event] = await t.db
    .select()
    .from(inboundEvents)
    .where(eq(inboundEvents.id, eventId ?? ''));
  expect(event?.status).toBe('processed');
  await new Promise((r) => setTimeout(r, 1500));
  expect(await deliveriesOf(sub.id)).toHaveLength(2);
  expect(at('/raw')).toHaveLength(2);
});

test('connect-platform trigger data reaches the sandbox; a refused appId is dead at once', async () => {
  const trigger = sandbox.control.defineConnectTrigger({
    integratorTriggerId: 'huiban-task',
    name: '汇办任务事件',
  });
  const created = await createSubscriptionAsAdmin(
    t.db,
    admin,
    createSubscriptionSchema.parse({
      kind: 'connect_trigger',
      name: '连接平台',
      eventTypes: ['task.created'],
      dingtalkConnectorId: connectorId,
      triggerId: trigger.dingTriggerId,
      appId: String(TEST_APP.agentId),
    }),
  );
  expect(created.secret).toBeNull();
  const s = snapshot({ processCode: 'PROC-TRIGGER' });
  await applySnapshot(t.db, { connectorId, source: 'dingtalk', snapshot: s });
  const [row] = await waitFor(
    () => deliveriesOf(created.subscription.id),
    (r) => r[0]?.status === 'delivered',
  );
  expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
  const data = sandbox.control.connectTriggerData({ triggerId: trigger.dingTriggerId });
  expect(data).toHaveLength(1);
  expect(data[0]).toMatchObject({
    success: true,
    appId: String(TEST_APP.agentId),
    action: 'add',
    customTriggerId: (row?.payload as EventEnvelope | undefined)?.id,
    integrationObject: 'task.created',
    data: {
      type: 'task.created',
      data: { externalTaskId: s.tasks?.[0]?.externalTaskId, instance: { externalId: s.externalId } },
    },
  });
  expect(JSON.parse(data[0]?.jsonData ?? '')).toEqual(row?.payload);

  // A wrong appId is refused by the platform (4003): retrying cannot help, so the delivery is dead at once.
  await updateSubscriptionAsAdmin(t.db, admin, created.subscription.id, { appId: '999' });
  await applySnapshot(t.db, {
    connectorId,
    source: 'dingtalk',
    snapshot: snapshot({ processCode: 'PROC-TRIGGER' }),
  });
  const rows = await waitFor(
    () => deliveriesOf(created.subscription.id),
    (r) => r.length === 2 && r[1]?.status === 'dead',
  );
  expect(rows[1]).toMatchObject({ status: 'dead', attempts: 1 });
  expect(rows[1]?.lastError).toContain('4003');
  expect(sandbox.control.connectTriggerData({ triggerId: trigger.dingTriggerId })).toHaveLength(1);
});
