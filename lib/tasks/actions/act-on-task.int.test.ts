import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { identities, processInstances, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { AppError } from '@/lib/errors';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { getAttachmentForViewer, getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { actOnTask } from './act-on-task';
import { revokeInstance } from './revoke-instance';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let ids: Record<string, string>;
let connectorId: string;
const viewer = (u: string) => ({ userId: ids[u]!, name: u, isAdmin: false });

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@test.example`,
      password: null,
    })),
  );
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  worker = await startWorker({ databaseUrl: t.url, schedules: false });
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await sandbox?.close();
});

function start(files = false) {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'NONE', userIds: ['u2'] },
      { actionType: 'NONE', userIds: ['u3'] },
    ],
    form: { 采购事由: '服务器' },
    files: files ? [{ fileName: '配置单.txt', fileType: 'txt', text: 'CPU 64 核' }] : [],
  });
  return started.processInstanceId as string;
}

async function pendingTaskOf(user: string, externalId: string) {
  const [row] = await t.db
    .select({ id: tasks.id, instanceId: tasks.instanceId })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(
        eq(processInstances.externalId, externalId),
        eq(tasks.assigneeUserId, ids[user]!),
        eq(tasks.status, 'pending'),
      ),
    );
  return row;
}

async function writeBack(actionId: string) {
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  return row?.writeBackStatus;
}

function sandboxTasks(externalId: string) {
  const instance = sandbox.control.getInstance(externalId) as {
    status: string;
    result: string;
    tasks: { userId: string; status: string; result: string }[];
  };
  return { ...instance, tasks: instance.tasks.map((x) => `${x.userId}:${x.status}:${x.result}`) };
}

test('agree and refuse from Huiban change the DingTalk instance, leave 待我处理 at once, and are confirmed', async () => {
  const id = start(true);
  const task = await expect
    .poll(() => pendingTaskOf('u2', id), { timeout: 20_000 })
    .toBeTruthy()
    .then(() => pendingTaskOf('u2', id));

  // Someone else cannot act: 403, nothing sent to DingTalk.
  await expect(actOnTask(t.db, viewer('u3'), { taskId: task!.id, action: 'agree' })).rejects.toMatchObject({
    code: 'forbidden',
  });
  expect(sandboxTasks(id).tasks).toEqual(['u2:RUNNING:']);

  const { actionId } = await actOnTask(t.db, viewer('u2'), {
    taskId: task!.id,
    action: 'agree',
    remark: '同意',
  });
  // Read-your-writes: gone from 待我处理 before DingTalk has even been called.
  expect((await listInbox(t.db, viewer('u2'), { view: 'pending' })).items.map((r) => r.id)).not.toContain(
    task!.id,
  );
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(sandboxTasks(id).tasks).toEqual(['u2:COMPLETED:AGREE', 'u3:RUNNING:']);
  // Acting twice is refused.
  await expect(actOnTask(t.db, viewer('u2'), { taskId: task!.id, action: 'agree' })).rejects.toBeInstanceOf(
    AppError,
  );

  const next = await expect
    .poll(() => pendingTaskOf('u3', id), { timeout: 20_000 })
    .toBeTruthy()
    .then(() => pendingTaskOf('u3', id));
  const refused = await actOnTask(t.db, viewer('u3'), {
    taskId: next!.id,
    action: 'refuse',
    remark: '预算不足',
  });
  await expect.poll(() => writeBack(refused.actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(sandboxTasks(id)).toMatchObject({ status: 'COMPLETED', result: 'refuse' });
  const [instance] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  expect(instance).toMatchObject({ status: 'completed', result: 'refuse' });

  // Participants read the instance and its attachment; a non-participant gets nothing.
  const detail = await getInstanceForViewer(t.db, viewer('u2'), instance!.id);
  expect(detail?.logs.some((l) => l.remark === '预算不足')).toBe(true);
  expect(detail?.myActions.map((a) => `${a.action}:${a.writeBackStatus}`)).toEqual(['agree:confirmed']);
  expect(await getInstanceForViewer(t.db, viewer('u5'), instance!.id)).toBeNull();
  const fileId = detail?.attachments[0]?.id;
  expect(fileId).toBeDefined();
  await expect
    .poll(
      async () => (await getInstanceForViewer(t.db, viewer('u1'), instance!.id))?.attachments[0]?.isAvailable,
      { timeout: 20_000 },
    )
    .toBe(true);
  expect(await getAttachmentForViewer(t.db, viewer('u1'), fileId!)).not.toBeNull();
  expect(await getAttachmentForViewer(t.db, viewer('u5'), fileId!)).toBeNull();
});

test('acting on a task already decided in DingTalk: the same decision is confirmed, another one fails with the source’s state', async () => {
  const [same, other] = [start(), start()];
  for (const id of [same, other])
    await expect.poll(() => pendingTaskOf('u2', id), { timeout: 20_000 }).toBeTruthy();
  const sameTask = await pendingTaskOf('u2', same);
  const otherTask = await pendingTaskOf('u2', other);
  // u2 decides in the DingTalk app while Huiban does not hear of it (the events are lost on the way).
  sandbox.control.setDeliveryFaults({ dropPercent: 100 });
  try {
    sandbox.control.act(same, { userId: 'u2', action: 'agree' });
    sandbox.control.act(other, { userId: 'u2', action: 'refuse', remark: '在钉钉里拒绝' });
  } finally {
    sandbox.control.clearFaults();
  }
  const agreed = await actOnTask(t.db, viewer('u2'), { taskId: sameTask!.id, action: 'agree' });
  const stale = await actOnTask(t.db, viewer('u2'), { taskId: otherTask!.id, action: 'agree' });

  // DingTalk refuses both executes (the tasks are done); the write-back re-reads the instances and judges.
  await expect.poll(() => writeBack(agreed.actionId), { timeout: 20_000 }).toBe('confirmed');
  await expect.poll(() => writeBack(stale.actionId), { timeout: 20_000 }).toBe('failed');
  const [failed] = await t.db.select().from(taskActions).where(eq(taskActions.id, stale.actionId));
  expect(failed?.lastError).toContain('refuse');
  expect(sandboxTasks(same).tasks).toEqual(['u2:COMPLETED:AGREE', 'u3:RUNNING:']);
  expect(sandboxTasks(other)).toMatchObject({ status: 'COMPLETED', result: 'refuse' });
});

test('transfer moves the task to the chosen colleague; comment lands in the log', async () => {
  const id = start();
  await expect.poll(() => pendingTaskOf('u2', id), { timeout: 20_000 }).toBeTruthy();
  const task = await pendingTaskOf('u2', id);
  // u4 has not appeared in this connector's approvals yet: give them the identity directory sync would.
  await t.db
    .insert(identities)
    .values({ connectorId, externalUserId: 'u4', userId: ids.u4!, matchedBy: 'manual' });
  const commented = await actOnTask(t.db, viewer('u2'), {
    taskId: task!.id,
    action: 'comment',
    remark: '请补充型号',
  });
  await expect.poll(() => writeBack(commented.actionId), { timeout: 20_000 }).toBe('confirmed');
  const moved = await actOnTask(t.db, viewer('u2'), {
    taskId: task!.id,
    action: 'transfer',
    targetUserId: ids.u4!,
  });
  await expect.poll(() => writeBack(moved.actionId), { timeout: 20_000 }).toBe('confirmed');
  await expect.poll(() => pendingTaskOf('u4', id), { timeout: 20_000 }).toBeTruthy();
  expect(sandboxTasks(id).tasks).toContain('u4:RUNNING:');
});

test('the originator revokes; nobody else can', async () => {
  const id = start();
  await expect.poll(() => pendingTaskOf('u2', id), { timeout: 20_000 }).toBeTruthy();
  const [instance] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  await expect(
    revokeInstance(t.db, viewer('u2'), { instanceId: instance!.id, action: 'revoke' }),
  ).rejects.toMatchObject({
    code: 'forbidden',
  });
  // DingTalk refuses a revoke within 15 s of the start (§5.5).
  sandbox.control.advanceClock(20_000);
  const { actionId } = await revokeInstance(t.db, viewer('u1'), {
    instanceId: instance!.id,
    action: 'revoke',
    remark: '不需要了',
  });
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(sandboxTasks(id).status).toBe('TERMINATED');
});
