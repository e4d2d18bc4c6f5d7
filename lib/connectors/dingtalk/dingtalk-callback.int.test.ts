import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { identities, inboundEvents, processInstances, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { encryptCallback, signCallback } from './callback-crypto';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let server: Server;
let base: string;
let connectorId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
  }));
  // The real route handler behind a plain HTTP server, so the sandbox can call it like DingTalk does.
  const { POST } = await import('@/app/api/callbacks/dingtalk/[connectorId]/route');
  ({ server, base } = await serveRoute(POST, 'connectorId'));
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
  await sandbox?.close();
});

async function storedEvents(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(inboundEvents);
  return row?.n ?? 0;
}

function post(id: string, query: Record<string, string>, body: string) {
  return fetch(`${base}/api/callbacks/dingtalk/${id}?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

function signed(plaintext: string, overrides: { aesKey?: string; owner?: string; token?: string } = {}) {
  const encrypt = encryptCallback(
    overrides.aesKey ?? TEST_APP.aesKey,
    overrides.owner ?? TEST_APP.clientId,
    plaintext,
  );
  const timestamp = String(Date.now());
  const nonce = 'n0nce123';
  const signature = signCallback(overrides.token ?? TEST_APP.callbackToken, timestamp, nonce, encrypt);
  return { query: { msg_signature: signature, timestamp, nonce }, body: JSON.stringify({ encrypt }) };
}

test('bad input gets 401/400/404 in the envelope and writes nothing', async () => {
  const event = JSON.stringify({ EventType: 'bpms_task_change', eventId: 'e-bad', processInstanceId: 'p1' });
  const good = signed(event);
  const cases: [string, Record<string, string>, string, number][] = [
    [randomUUID(), good.query, good.body, 404],
    ['not-a-uuid', good.query, good.body, 404],
    [connectorId, { ...good.query, msg_signature: 'f'.repeat(40) }, good.body, 401],
    [connectorId, {}, good.body, 401],
    [connectorId, good.query, '{"encrypt":', 400],
    [connectorId, good.query, '{"nothing":1}', 400],
    [connectorId, signed(event, { token: 'wrong-token' }).query, good.body, 401],
  ];
  for (const [id, query, body, status] of cases) {
    const response = await post(id, query, body);
    expect(response.status, `${id} ${JSON.stringify(query)} ${body}`).toBe(status);
    const json = (await response.json()) as { error: { code: string } };
    expect(json.error.code).toBeTruthy();
  }
  // Correct signature over a ciphertext made with another key / owner: undecryptable → 400.
  const otherKey = signed(event, { aesKey: 'x'.repeat(43) });
  expect((await post(connectorId, otherKey.query, otherKey.body)).status).toBe(400);
  const otherOwner = signed(event, { owner: 'dingSomeoneElse' });
  expect((await post(connectorId, otherOwner.query, otherOwner.body)).status).toBe(400);
  expect(await storedEvents()).toBe(0);
});

test('a signed callback whose ciphertext decrypts to garbage (a byte flipped mid-ciphertext, re-signed) is 400 and stores nothing', async () => {
  const event = JSON.stringify({
    EventType: 'bpms_task_change',
    eventId: 'e-tampered',
    processInstanceId: 'p-tampered',
    processCode: TEST_PROCESS_CODE,
    type: 'start',
    staffId: 'u2',
    title: '张三提交的采购申请：一台显示器和两根连接线',
  });
  const good = signed(event);
  const cipher = Buffer.from((JSON.parse(good.body) as { encrypt: string }).encrypt, 'base64');
  // Several positions in the middle blocks (not the length prefix, not the padding or owner key at the end).
  for (const at of [40, 57, 70, 88, 101]) {
    const bytes = Buffer.from(cipher);
    bytes[at] = (bytes[at] ?? 0) ^ 0x5a;
    const encrypt = bytes.toString('base64');
    const query = {
      ...good.query,
      msg_signature: signCallback(TEST_APP.callbackToken, good.query.timestamp, good.query.nonce, encrypt),
    };
    const response = await post(connectorId, query, JSON.stringify({ encrypt }));
    expect(response.status, `byte ${at}`).toBe(400);
  }
  expect(await storedEvents()).toBe(0);
});

test('HTTP mode: check_url is answered, events are stored then acknowledged with the encrypted success', async () => {
  const registered = await sandbox.control.registerCallback({
    clientId: TEST_APP.clientId,
    url: `${base}/api/callbacks/dingtalk/${connectorId}`,
  });
  expect(registered).toEqual({ ok: true });
  expect(await storedEvents()).toBe(0);

  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '显示器' },
  });
  const id = started.processInstanceId as string;
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select({ status: tasks.status, assignee: tasks.assigneeExternalId })
            .from(tasks)
            .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
            .where(eq(processInstances.externalId, id))
        ).map((r) => `${r.assignee}:${r.status}`),
      { timeout: 20_000 },
    )
    .toEqual(['u2:pending']);
  await sandbox.control.waitForIdle();
  const deliveries = sandbox.control.callbackDeliveries().filter((d) => d.kind === 'event');
  expect(deliveries.length).toBeGreaterThanOrEqual(2);
  expect(deliveries.every((d) => d.ok)).toBe(true);
});

test('HTTP mode: contact events (user_add_org, user_leave_org) are stored, acknowledged and applied to the directory', async () => {
  // Runs after the registration above: the app pushes over the HTTP callback.
  sandbox.control.addDirectoryUser(TEST_CORP_ID, { userId: 'u9', name: '郑九', deptIds: [2] });
  const identity = async () =>
    (
      await t.db
        .select({ name: identities.name, active: identities.active })
        .from(identities)
        .where(and(eq(identities.connectorId, connectorId), eq(identities.externalUserId, 'u9')))
    )[0];
  await expect.poll(identity, { timeout: 20_000 }).toEqual({ name: '郑九', active: true });
  sandbox.control.removeDirectoryUser(TEST_CORP_ID, 'u9');
  await expect.poll(async () => (await identity())?.active, { timeout: 20_000 }).toBe(false);
  const events = async () =>
    (
      await t.db
        .select({ type: inboundEvents.type, status: inboundEvents.status })
        .from(inboundEvents)
        .where(like(inboundEvents.type, 'user_%'))
    )
      .map((e) => `${e.type}:${e.status}`)
      .sort();
  await expect
    .poll(events, { timeout: 10_000 })
    .toEqual(['user_add_org:processed', 'user_leave_org:processed']);
  await sandbox.control.waitForIdle();
  const contact = sandbox.control
    .callbackDeliveries()
    .filter((d) => d.kind === 'event' && (d.eventType ?? '').startsWith('user_'));
  expect(contact.length).toBeGreaterThanOrEqual(2);
  expect(contact.every((d) => d.ok)).toBe(true);
});
