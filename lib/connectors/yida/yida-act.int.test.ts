import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { processInstances, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { revokeInstance } from '@/lib/tasks/actions/revoke-instance';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { createUsers, createYidaConnector } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let close: () => Promise<void>;
let ids: Record<string, string>;
const viewer = (u: string) => ({ userId: ids[u] ?? '', name: u, isAdmin: false });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@test.example`,
      password: null,
    })),
  );
  const { id: connectorId } = await createYidaConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
    config: { oapiBase: sandbox.url },
  });
  const { POST } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
  let base: string;
  ({ close, base } = await serveRoute(POST, ['connectorId', 'action']));
  const url = (action: string) => `${base}/api/callbacks/yida/${connectorId}/${action}`;
  sandbox.control.setYidaPushTargets(TEST_YIDA.appType, {
    create: url('create'),
    complete: url('complete'),
    cancel: url('cancel'),
    delete: url('delete'),
    cc: url('cc'),
  });
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await close?.();
  await t?.drop();
  await sandbox?.close();
});

function startYida(ccUserIds: string[] = []): string {
  return String(
    sandbox.control.startYidaInstance({ appType: TEST_YIDA.appType, originatorId: 'u1', data: {}, ccUserIds })
      .processInstanceId,
  );
}

/** The user's pending item of an instance, once their Yida identity is linked to their Huiban account. */
async function pendingTaskOf(user: string, externalId: string) {
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select({ id: tasks.id })
            .from(tasks)
            .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
            .where(
              and(
                eq(processInstances.externalId, externalId),
                eq(tasks.assigneeUserId, viewer(user).userId),
                eq(tasks.status, 'pending'),
              ),
            )
        )[0],
      { timeout: 20_000 },
    )
    .toBeTruthy();
  const [row] = await t.db
    .select({ id: tasks.id, externalTaskId: tasks.externalTaskId })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(
        eq(processInstances.externalId, externalId),
        eq(tasks.assigneeUserId, viewer(user).userId),
        eq(tasks.status, 'pending'),
      ),
    );
  if (!row) throw new Error('no pending task');
  return row;
}

async function writeBack(actionId: string) {
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  return row?.writeBackStatus;
}

function yidaTasks(id: string) {
  const inst = sandbox.control.getYidaInstance(id) as {
    instanceStatus: string;
    tasks: { userId: string; status: string; outResult: string; remark?: string }[];
  };
  return {
    status: inst.instanceStatus,
    tasks: inst.tasks.map((x) => `${x.userId}:${x.status}:${x.outResult}`),
  };
}

async function pendingIds(user: string) {
  return (await listInbox(t.db, viewer(user), { view: 'pending' })).items.map((r) => r.id);
}

test('agree from Huiban executes the Yida task as the acting user, leaves 待我处理 at once and is confirmed', async () => {
  const id = startYida();
  const task = await pendingTaskOf('u2', id);
  await expect(actOnTask(t.db, viewer('u4'), { taskId: task.id, action: 'agree' })).rejects.toMatchObject({
    code: 'forbidden',
  });

  // No remark given: Yida requires one, so the adapter sends Yida's own word for the action.
  const { actionId } = await actOnTask(t.db, viewer('u2'), { taskId: task.id, action: 'agree' });
  expect(await pendingIds('u2')).not.toContain(task.id);
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(yidaTasks(id)).toEqual({
    status: 'RUNNING',
    tasks: [`u2:COMPLETED:agree`, 'u3:CANCELED:', 'u4:RUNNING:'],
  });
  const inst = sandbox.control.getYidaInstance(id) as { tasks: { remark?: string }[] };
  expect(inst.tasks[0]?.remark).toBe('同意');

  // Refuse (remark required by Huiban too) ends the flow in Yida.
  const next = await pendingTaskOf('u4', id);
  const refused = await actOnTask(t.db, viewer('u4'), {
    taskId: next.id,
    action: 'refuse',
    remark: '不同意',
  });
  expect(await pendingIds('u4')).not.toContain(next.id);
  await expect.poll(() => writeBack(refused.actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(yidaTasks(id).status).toBe('COMPLETED');
  const [row] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  expect({ status: row?.status, result: row?.result }).toEqual({ status: 'completed', result: 'refuse' });
});

test('transfer hands the Yida task to the target; the originator terminates (revoke) a running instance', async () => {
  // u5 is cc'd, so Huiban knows their Yida identity (a transfer target must have one).
  const id = startYida(['u5']);
  const task = await pendingTaskOf('u3', id);
  await expect
    .poll(
      async () =>
        (
          await t.db.select({ u: tasks.assigneeUserId }).from(tasks).where(eq(tasks.externalTaskId, 'cc:u5'))
        )[0]?.u,
      { timeout: 20_000 },
    )
    .toBe(viewer('u5').userId);
  const { actionId } = await actOnTask(t.db, viewer('u3'), {
    taskId: task.id,
    action: 'transfer',
    targetUserId: viewer('u5').userId,
    remark: '请代办',
  });
  expect(await pendingIds('u3')).not.toContain(task.id);
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(yidaTasks(id).tasks).toEqual(['u2:RUNNING:', 'u3:COMPLETED:', 'u5:RUNNING:']);
  await pendingTaskOf('u5', id);

  const [inst] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  await expect(
    revokeInstance(t.db, viewer('u2'), { instanceId: inst?.id ?? '', action: 'revoke' }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  const revoked = await revokeInstance(t.db, viewer('u1'), { instanceId: inst?.id ?? '', action: 'revoke' });
  await expect.poll(() => writeBack(revoked.actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(yidaTasks(id).status).toBe('TERMINATED');
  await expect
    .poll(
      async () =>
        (await t.db.select().from(processInstances).where(eq(processInstances.externalId, id)))[0]?.status,
      {
        timeout: 20_000,
      },
    )
    .toBe('terminated');
  expect(await pendingIds('u5')).toEqual([]);
});

test('when the task was already handled in Yida, the write-back ends failed with the reason', async () => {
  const id = startYida();
  const task = await pendingTaskOf('u2', id);
  // u3 takes the 或签 node inside Yida; the pushes that would tell Huiban are lost.
  sandbox.control.setYidaPushFaults({ dropPercent: 100 });
  sandbox.control.actYida(id, { userId: 'u3', action: 'agree', remark: '我来' });
  const { actionId } = await actOnTask(t.db, viewer('u2'), { taskId: task.id, action: 'agree' });
  sandbox.control.setYidaPushFaults({ dropPercent: 0 });
  await expect.poll(() => writeBack(actionId), { timeout: 30_000 }).toBe('failed');
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  // Yida's refusal, or (if a re-read got there first) the snapshot showing the task cancelled in Yida.
  expect(row?.lastError).toMatch(/invalidState\.instance\.instanceStatusHasChanged|cancelled/);
  expect(yidaTasks(id).tasks).toEqual(['u2:CANCELED:', 'u3:COMPLETED:agree', 'u4:RUNNING:']);
});
