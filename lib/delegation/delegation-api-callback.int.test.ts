import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { instanceUpsertSchema } from '@/lib/connectors/api/push-schema';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { createApiConnectorWithKey, createUsers } from '@/lib/testing/factories';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { createDelegation } from './create-delegation';

let t: TestDatabase;
let worker: RunningWorker;
let receiver: Server;
let callbackUrl: string;
const received: string[] = [];
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
    received.push(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.drop();
});

test('a delegate acting on an API task: the callback names the delegate as actor and the assignee as onBehalfOf', async () => {
  const api = await createApiConnectorWithKey(t.db, { name: 'OA', callbackUrl });
  await pushInstance(
    t.db,
    api.id,
    instanceUpsertSchema.parse({
      externalId: 'EXP-9',
      title: '报销 EXP-9',
      originator: { email: 'evan@test.example' },
      updatedAt: '2026-11-05T08:00:00Z',
      tasks: [{ externalTaskId: 'EXP-9-t1', assignee: { email: 'dora@test.example' } }],
    }),
  );
  const [task] = await t.db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.connectorId, api.id), eq(tasks.externalTaskId, 'EXP-9-t1')));
  const dora = { userId: ids.dora!, name: '朵拉', isAdmin: false };
  const fay = { userId: ids.fay!, name: '菲', isAdmin: false };
  await createDelegation(t.db, dora, {
    delegateUserId: ids.fay!,
    startsAt: new Date(Date.now() - 60_000),
    endsAt: new Date(Date.now() + 3_600_000),
  });
  const { actionId } = await actOnTask(t.db, fay, { taskId: task!.id, action: 'agree', remark: '同意' });
  await expect
    .poll(
      async () =>
        (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0]?.writeBackStatus,
      { timeout: 30_000 },
    )
    .toBe('confirmed');
  expect(received).toHaveLength(1);
  const body = JSON.parse(received[0]!) as Record<string, unknown>;
  expect(body).toMatchObject({
    action: 'agree',
    externalTaskId: 'EXP-9-t1',
    // Fay was never pushed by this system: she is named by her Huiban user id.
    actor: { externalUserId: `user:${ids.fay}`, userId: ids.fay },
    onBehalfOf: { externalUserId: 'email:dora@test.example', email: 'dora@test.example' },
    remark: '同意',
  });
  // The assignee acting later is refused, and nothing more is sent.
  await expect(actOnTask(t.db, dora, { taskId: task!.id, action: 'agree' })).rejects.toMatchObject({
    code: 'conflict',
  });
  expect(received).toHaveLength(1);
});
