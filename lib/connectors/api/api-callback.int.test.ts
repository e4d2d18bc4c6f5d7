import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deliveries, subscriptions, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getApiAccessAsAdmin } from '@/lib/connectors/api/get-api-access';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { createApiConnectorWithKey, createUsers } from '@/lib/testing/factories';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { verifyCallbackSignature } from './callback-signature';
import { pushInstance } from './push-instance';
import { instanceUpsertSchema } from './push-schema';

type Received = { headers: IncomingHttpHeaders; body: string };

let t: TestDatabase;
let worker: RunningWorker;
let receiver: Server;
let callbackUrl: string;
const received: Received[] = [];
/** What the receiver answers next (then 200). */
const answers: number[] = [];
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(t.db, [
    { username: 'dora', name: '朵拉', email: 'dora@test.example' },
    { username: 'evan', name: '伊万', email: 'evan@test.example' },
    { username: 'fay', name: '菲', email: 'fay@test.example' },
  ]);
  // The source system's callback endpoint: a real HTTP server on loopback.
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' });
    res.end('{"received":true}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/huiban/callback`;
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.drop();
});

async function pushTask(connectorId: string, externalId: string) {
  await pushInstance(
    t.db,
    connectorId,
    instanceUpsertSchema.parse({
      externalId,
      title: `报销 ${externalId}`,
      originator: { email: 'evan@test.example' },
      updatedAt: '2026-11-05T08:00:00Z',
      tasks: [{ externalTaskId: `${externalId}-t1`, assignee: { email: 'dora@test.example' } }],
    }),
  );
  const [task] = await t.db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.connectorId, connectorId), eq(tasks.externalTaskId, `${externalId}-t1`)));
  return task!.id;
}

async function waitFor<T>(read: () => Promise<T>, isDone: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const dora = () => ({ userId: ids.dora!, name: 'dora', isAdmin: false });

test('acting on an API task delivers a signed callback, retried after a failure, and confirms on 2xx', async () => {
  const api = await createApiConnectorWithKey(t.db, { name: 'OA', callbackUrl });
  expect(api.callbackSecret).toMatch(/^whsec_/);
  const taskId = await pushTask(api.id, 'EXP-1');
  expect((await listInbox(t.db, dora(), { view: 'pending' })).items.map((i) => i.id)).toEqual([taskId]);

  answers.push(503); // the first delivery fails; the write-back job retries it with backoff
  const { actionId } = await actOnTask(t.db, dora(), { taskId, action: 'agree', remark: '同意' });
  // Acted from Huiban: the task leaves 待我处理 at once, before the source has answered.
  expect((await listInbox(t.db, dora(), { view: 'pending' })).items).toEqual([]);

  const action = await waitFor(
    async () => (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0],
    (a) => a?.writeBackStatus !== 'pending',
  );
  expect(action).toMatchObject({ writeBackStatus: 'confirmed', attempts: 2 });
  expect(received).toHaveLength(2);
  // Both attempts carry the same body and a valid signature; the body names the task and the actor.
  for (const r of received) {
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-huiban-event']).toBe('task.action');
    expect(r.headers['x-huiban-delivery']).toBe(actionId);
    expect(
      verifyCallbackSignature(api.callbackSecret!, r.body, String(r.headers['x-huiban-signature'])),
    ).toBe(true);
    expect(verifyCallbackSignature('whsec_other', r.body, String(r.headers['x-huiban-signature']))).toBe(
      false,
    );
    expect(
      verifyCallbackSignature(api.callbackSecret!, `${r.body} `, String(r.headers['x-huiban-signature'])),
    ).toBe(false);
  }
  expect(received[1]?.body).toBe(received[0]?.body);
  expect(JSON.parse(received[0]!.body)).toMatchObject({
    event: 'task.action',
    deliveryId: actionId,
    action: 'agree',
    instanceExternalId: 'EXP-1',
    externalTaskId: 'EXP-1-t1',
    actor: { externalUserId: 'email:dora@test.example', email: 'dora@test.example' },
    remark: '同意',
  });

  // The delivery log: one row per action, on the connector's callback subscription.
  const [log] = await t.db
    .select({ delivery: deliveries, subscription: subscriptions })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(eq(deliveries.eventKey, `task.action:${actionId}`));
  expect(log?.delivery).toMatchObject({
    status: 'delivered',
    attempts: 2,
    responseStatus: 200,
    lastError: null,
  });
  expect(log?.subscription).toMatchObject({ url: callbackUrl, connectorIds: [api.id], secret: null });
  // Admins read the same log on the connector page.
  const access = await getApiAccessAsAdmin(t.db, { userId: ids.evan!, name: 'admin', isAdmin: true }, api.id);
  expect(access.deliveries).toMatchObject([
    { deliveryId: actionId, action: 'agree', instanceExternalId: 'EXP-1', status: 'delivered', attempts: 2 },
  ]);
});

test('a source that refuses (4xx) fails the write-back and gives the task back', async () => {
  received.length = 0;
  const api = await createApiConnectorWithKey(t.db, { name: 'HR', callbackUrl });
  const taskId = await pushTask(api.id, 'EXP-2');
  answers.push(409);
  const { actionId } = await actOnTask(t.db, dora(), { taskId, action: 'refuse', remark: '不符合规定' });
  const action = await waitFor(
    async () => (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0],
    (a) => a?.writeBackStatus !== 'pending',
  );
  expect(action).toMatchObject({
    writeBackStatus: 'failed',
    attempts: 1,
    lastError: 'callback answered HTTP 409',
  });
  expect(received).toHaveLength(1);
  expect((await listInbox(t.db, dora(), { view: 'pending' })).items.map((i) => i.id)).toContain(taskId);
  const [log] = await t.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.eventKey, `task.action:${actionId}`));
  expect(log).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 409 });
});

test('transfer names any Huiban user to the source by user id, and the callback carries the target', async () => {
  received.length = 0;
  const api = await createApiConnectorWithKey(t.db, { name: 'PM', callbackUrl });
  const taskId = await pushTask(api.id, 'EXP-3');
  // Fay was never named in a push of this connector: she gets the identity user:<id> on first use.
  const { actionId } = await actOnTask(t.db, dora(), { taskId, action: 'transfer', targetUserId: ids.fay! });
  const action = await waitFor(
    async () => (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0],
    (a) => a?.writeBackStatus !== 'pending',
  );
  expect(action?.writeBackStatus).toBe('confirmed');
  expect(JSON.parse(received[0]!.body)).toMatchObject({
    action: 'transfer',
    target: { externalUserId: `user:${ids.fay}`, userId: ids.fay },
  });
});
