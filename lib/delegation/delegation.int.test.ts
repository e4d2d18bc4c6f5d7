import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, delegations, identities, processInstances, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { countInbox } from '@/lib/tasks/inbox/count-inbox';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { cancelDelegation } from './cancel-delegation';
import { createDelegation, createDelegationAsAdmin } from './create-delegation';
import { setDelegationPolicyAsAdmin } from './set-delegation-policy-as-admin';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let ids: Record<string, string>;
let connectorId: string;
const NAMES: Record<string, string> = {
  u1: '张一',
  u2: '王五',
  u3: '王三',
  u4: '李四',
  u5: '钱五',
  boss: '管理员',
};
const viewer = (u: string): Viewer => ({ userId: ids[u]!, name: NAMES[u]!, isAdmin: u === 'boss' });
const HOUR = 3_600_000;
const window = (fromMs: number, toMs: number) => ({
  startsAt: new Date(Date.now() + fromMs),
  endsAt: new Date(Date.now() + toMs),
});

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      username: u,
      name: NAMES[u]!,
      email: `${u}@test.example`,
      password: null,
    })),
  );
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  // The delegate is known to DingTalk (directory sync would link them): needed by the transfer policy.
  await t.db
    .insert(identities)
    .values({ connectorId, externalUserId: 'u4', userId: ids.u4!, matchedBy: 'manual' })
    .onConflictDoNothing();
  ids.boss = (await createUsers(t.db, [{ username: 'boss', name: '管理员', password: null }])).boss!;
  worker = await startWorker({ databaseUrl: t.url, schedules: false });
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await sandbox?.close();
});

/** A DingTalk approval waiting for u2, with its Huiban task once the event has been processed. */
async function waitingForU2() {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'NONE', userIds: ['u2'] },
      { actionType: 'NONE', userIds: ['u3'] },
    ],
    form: { 采购事由: '服务器' },
  });
  const externalId = started.processInstanceId as string;
  const read = async () =>
    (
      await t.db
        .select({ id: tasks.id, instanceId: tasks.instanceId })
        .from(tasks)
        .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
        .where(
          and(
            eq(processInstances.externalId, externalId),
            eq(tasks.assigneeUserId, ids.u2!),
            eq(tasks.status, 'pending'),
          ),
        )
    )[0];
  await expect.poll(read, { timeout: 20_000 }).toBeTruthy();
  return { externalId, task: (await read())! };
}

const pendingIds = async (u: string) =>
  (await listInbox(t.db, viewer(u), { view: 'pending' })).items.map((r) => r.id);
const writeBack = async (actionId: string) =>
  (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0]?.writeBackStatus;
const resetDelegations = () => t.db.delete(delegations).where(eq(delegations.principalUserId, ids.u2!));

test('inside the window the waiting task shows in the delegate’s 待我处理 marked for the assignee, counted; outside it not', async () => {
  await resetDelegations();
  // Already waiting before the delegation starts: it still shows once the window is open.
  const { task } = await waitingForU2();
  const before = await countInbox(t.db, viewer('u4'));

  // A window that has not started yet (u5) shows nothing.
  await createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u5!, ...window(2 * HOUR, 3 * HOUR) });
  expect(await pendingIds('u5')).not.toContain(task.id);
  expect((await countInbox(t.db, viewer('u5'))).pending).toBe(0);

  const { id } = await createDelegation(t.db, viewer('u2'), {
    delegateUserId: ids.u4!,
    ...window(-HOUR, HOUR),
  });
  const page = await listInbox(t.db, viewer('u4'), { view: 'pending' });
  const row = page.items.find((r) => r.id === task.id);
  expect(row).toMatchObject({ onBehalfOfName: '王五' });
  expect((await countInbox(t.db, viewer('u4'))).pending).toBe(before.pending + 1);
  // The assignee still has it, unmarked.
  const own = (await listInbox(t.db, viewer('u2'), { view: 'pending' })).items.find((r) => r.id === task.id);
  expect(own?.onBehalfOfName).toBeNull();
  // The delegate reads the instance, with the task to act on and why.
  const detail = await getInstanceForViewer(t.db, viewer('u4'), task.instanceId);
  expect(detail?.myTasks).toEqual([expect.objectContaining({ id: task.id, onBehalfOfName: '王五' })]);
  expect(detail?.visibility.map((v) => v.reason)).toContain('delegate');
  // A second user who is nobody's delegate sees and can do nothing.
  expect(await pendingIds('u5')).not.toContain(task.id);
  expect(await getInstanceForViewer(t.db, viewer('u5'), task.instanceId)).toBeNull();
  await expect(actOnTask(t.db, viewer('u5'), { taskId: task.id, action: 'agree' })).rejects.toMatchObject({
    code: 'forbidden',
  });

  // Cancelled: the window is over, the task is gone from the delegate's list and they cannot act.
  await cancelDelegation(t.db, viewer('u2'), { id });
  expect(await pendingIds('u4')).not.toContain(task.id);
  expect((await countInbox(t.db, viewer('u4'))).pending).toBe(before.pending);
  await expect(actOnTask(t.db, viewer('u4'), { taskId: task.id, action: 'agree' })).rejects.toMatchObject({
    code: 'forbidden',
  });
  // An ended window (in the past) shows nothing either.
  await t.db.insert(delegations).values({
    principalUserId: ids.u2!,
    delegateUserId: ids.u3!,
    ...window(-3 * HOUR, -2 * HOUR),
  });
  expect(await pendingIds('u3')).not.toContain(task.id);
});

test('a delegation for selected processes covers only those', async () => {
  await resetDelegations();
  const { task } = await waitingForU2();
  await createDelegation(t.db, viewer('u2'), {
    delegateUserId: ids.u4!,
    ...window(-HOUR, HOUR),
    processes: [{ connectorId, processCode: 'PROC-OTHER' }],
  });
  expect(await pendingIds('u4')).not.toContain(task.id);
  await expect(actOnTask(t.db, viewer('u4'), { taskId: task.id, action: 'agree' })).rejects.toMatchObject({
    code: 'forbidden',
  });
  await resetDelegations();
  await createDelegation(t.db, viewer('u2'), {
    delegateUserId: ids.u4!,
    ...window(-HOUR, HOUR),
    processes: [{ connectorId, processCode: TEST_PROCESS_CODE }],
  });
  expect(await pendingIds('u4')).toContain(task.id);
});

test('the delegate acts once, in the assignee’s name at DingTalk with the delegate in the remark; the second act is refused', async () => {
  await resetDelegations();
  const { externalId, task } = await waitingForU2();
  await createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u4!, ...window(-HOUR, HOUR) });
  const { actionId } = await actOnTask(t.db, viewer('u4'), {
    taskId: task.id,
    action: 'agree',
    remark: '同意采购',
  });
  // Gone from both inboxes at once.
  expect(await pendingIds('u4')).not.toContain(task.id);
  expect(await pendingIds('u2')).not.toContain(task.id);
  // Either acting again hears "already handled" (409), and nothing more is written back.
  for (const who of ['u2', 'u4'])
    await expect(actOnTask(t.db, viewer(who), { taskId: task.id, action: 'agree' })).rejects.toMatchObject({
      code: 'conflict',
    });
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(await t.db.select().from(taskActions).where(eq(taskActions.taskId, task.id))).toHaveLength(1);

  // What DingTalk received (its execute record): the assignee as actionerUserId, the delegate in the remark (zh).
  const instance = sandbox.control.getInstance(externalId) as {
    operationRecords: { userId: string; type: string; result?: string; remark?: string }[];
    tasks: { userId: string; status: string; result: string }[];
  };
  const executed = instance.operationRecords.filter((r) => r.remark?.includes('代为处理'));
  expect(executed).toEqual([expect.objectContaining({ userId: 'u2', remark: '由 李四 代为处理：同意采购' })]);
  expect(instance.tasks.map((x) => `${x.userId}:${x.status}:${x.result}`)).toEqual([
    'u2:COMPLETED:AGREE',
    'u3:RUNNING:',
  ]);

  // Both names in the audit log; the assignee sees who handled it for them, in 我已处理 and on the detail.
  const [audit] = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, task.id), eq(auditLog.action, 'task.agree')));
  expect(audit).toMatchObject({ actorUserId: ids.u4, onBehalfOfUserId: ids.u2 });
  const done = (await listInbox(t.db, viewer('u2'), { view: 'done' })).items.find((r) => r.id === task.id);
  expect(done?.actedByName).toBe('李四');
  const detail = await getInstanceForViewer(t.db, viewer('u2'), task.instanceId);
  expect(detail?.myActions[0]).toMatchObject({ actedByName: '李四', onBehalfOfName: '王五' });
  expect(detail?.logs.some((l) => l.actorName === '王五' && l.remark === '由 李四 代为处理：同意采购')).toBe(
    true,
  );
  // The delegate keeps reading what they handled.
  expect((await getInstanceForViewer(t.db, viewer('u4'), task.instanceId))?.myActions).toHaveLength(1);
});

test('the assignee acting first leaves the delegate a clear "already handled"', async () => {
  await resetDelegations();
  const { task } = await waitingForU2();
  await createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u4!, ...window(-HOUR, HOUR) });
  const { actionId } = await actOnTask(t.db, viewer('u2'), {
    taskId: task.id,
    action: 'refuse',
    remark: '不买',
  });
  await expect(actOnTask(t.db, viewer('u4'), { taskId: task.id, action: 'agree' })).rejects.toMatchObject({
    code: 'conflict',
  });
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
});

test('under the connector’s transfer policy the delegate’s decision transfers the task to them at DingTalk', async () => {
  await resetDelegations();
  await setDelegationPolicyAsAdmin(t.db, viewer('boss'), { connectorId, policy: 'transfer' });
  try {
    const { externalId, task } = await waitingForU2();
    await createDelegationAsAdmin(t.db, viewer('boss'), {
      principalUserId: ids.u2!,
      delegateUserId: ids.u4!,
      ...window(-HOUR, HOUR),
    });
    const answer = await actOnTask(t.db, viewer('u4'), { taskId: task.id, action: 'agree' });
    expect(answer.transferredToDelegate).toBe(true);
    const [action] = await t.db.select().from(taskActions).where(eq(taskActions.id, answer.actionId));
    expect(action).toMatchObject({ action: 'transfer', userId: ids.u2 });
    await expect.poll(() => writeBack(answer.actionId), { timeout: 20_000 }).toBe('confirmed');
    const instance = sandbox.control.getInstance(externalId) as {
      tasks: { userId: string; status: string }[];
    };
    expect(instance.tasks.map((x) => `${x.userId}:${x.status}`)).toContain('u4:RUNNING');
    // The delegate now holds their own task (no "代" mark) and acts in their own name.
    await expect
      .poll(
        async () =>
          (await listInbox(t.db, viewer('u4'), { view: 'pending' })).items.find(
            (r) => r.instanceId === task.instanceId && r.id !== task.id,
          )?.onBehalfOfName,
        { timeout: 20_000 },
      )
      .toBeNull();
  } finally {
    await setDelegationPolicyAsAdmin(t.db, viewer('boss'), { connectorId, policy: 'act_as_assignee' });
  }
});

test('the rules: not to oneself, the end after the start and not past, no A→B with B→A, one delegate per process', async () => {
  await resetDelegations();
  await t.db.delete(delegations).where(eq(delegations.principalUserId, ids.u4!));
  const w = window(-HOUR, HOUR);
  await expect(createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u2!, ...w })).rejects.toMatchObject(
    {
      code: 'validation_failed',
    },
  );
  await expect(
    createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u4!, ...window(-3 * HOUR, -2 * HOUR) }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  await createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u4!, ...w });
  // B→A while A→B runs: refused (a loop); A→C for the same processes at the same time: refused (overlap).
  await expect(createDelegation(t.db, viewer('u4'), { delegateUserId: ids.u2!, ...w })).rejects.toMatchObject(
    {
      code: 'conflict',
    },
  );
  await expect(createDelegation(t.db, viewer('u2'), { delegateUserId: ids.u5!, ...w })).rejects.toMatchObject(
    {
      code: 'conflict',
    },
  );
  // A chain A→B, B→C is allowed and resolves one level: C does not get A's tasks.
  await createDelegation(t.db, viewer('u4'), { delegateUserId: ids.u5!, ...w });
  const { task } = await waitingForU2();
  expect(await pendingIds('u4')).toContain(task.id);
  expect(await pendingIds('u5')).not.toContain(task.id);
  // Someone else's delegation cannot be cancelled by a non-admin (404, nothing changes).
  const [mine] = await t.db.select().from(delegations).where(eq(delegations.principalUserId, ids.u2!));
  await expect(cancelDelegation(t.db, viewer('u5'), { id: mine!.id })).rejects.toMatchObject({
    code: 'not_found',
  });
  await expect(
    createDelegationAsAdmin(t.db, viewer('u5'), { principalUserId: ids.u1!, delegateUserId: ids.u3!, ...w }),
  ).rejects.toMatchObject({ code: 'forbidden' });
});
