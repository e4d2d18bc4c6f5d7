import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, processInstances, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { refreshInstance } from '@/lib/sync/refresh-instance';
import { writeBackAction } from '@/lib/sync/write-back-action';
import { actMoreOnTask } from '@/lib/tasks/actions/act-more-on-task';
import { getMoreActions } from '@/lib/tasks/actions/get-more-actions';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { unsafeLoadConnectorRuntime } from '../load-connector';

/**
 * 加签 / 退回 on DingTalk tasks: only with the connector's `oaPremium` (OA高级版, UNCONFIRMED per corp) through
 * `workflow/premium/tasks/append` / `revert` (wave2 §5.5–§5.6), which the sandbox implements with their errors.
 * Off: offered in DingTalk only, refused from Huiban. On, but the org has no OA高级版: DingTalk's
 * `benefit.status.invalid` fails the action and gives the task back.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let connectorId: string;
const viewer = (u: string) => ({ userId: ids[u] as string, name: u, isAdmin: false });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4'].map((u) => ({
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
  await t.db.insert(identities).values(
    ['u1', 'u2', 'u3', 'u4'].map((u) => ({
      connectorId,
      externalUserId: u,
      userId: ids[u],
      name: u,
      matchedBy: 'email',
    })),
  );
});

afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

async function setPremium(on: boolean) {
  const [row] = await t.db.select().from(connectors).where(eq(connectors.id, connectorId));
  await t.db
    .update(connectors)
    .set({ config: { ...row!.config, oaPremium: on } })
    .where(eq(connectors.id, connectorId));
}

async function startAndIngest() {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'NONE', userIds: ['u2'] },
      { actionType: 'NONE', userIds: ['u3'] },
    ],
    form: { 采购事由: '显示器' },
  });
  const externalId = started.processInstanceId as string;
  const connector = await unsafeLoadConnectorRuntime(t.db, connectorId);
  await refreshInstance(t.db, connector!, externalId, { log, processCode: TEST_PROCESS_CODE });
  const [instance] = await t.db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(eq(processInstances.externalId, externalId));
  return { externalId, instanceId: instance!.id };
}

async function pendingTaskOf(instanceId: string, user: string) {
  const [row] = await t.db
    .select({ id: tasks.id, actedAt: tasks.actedAt })
    .from(tasks)
    .where(
      and(
        eq(tasks.instanceId, instanceId),
        eq(tasks.assigneeUserId, ids[user]!),
        eq(tasks.status, 'pending'),
      ),
    );
  return row;
}

function sandboxInstance(externalId: string) {
  return sandbox.control.getInstance(externalId) as {
    status: string;
    tasks: { userId: string; status: string }[];
    operationRecords: { type: string; userId: string; remark?: string; activityId?: string }[];
  };
}

async function writeBack(actionId: string) {
  await writeBackAction(t.db, actionId, { log, isFinalAttempt: true });
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  return row!;
}

test('without OA高级版 the actions are offered in DingTalk only and refused from Huiban, nothing sent', async () => {
  await setPremium(false);
  const { instanceId, externalId } = await startAndIngest();
  const offered = await getMoreActions(t.db, viewer('u2'), instanceId);
  expect(offered).toMatchObject({ append: 'source', revert: 'source', resubmit: 'none', withdraw: 'none' });
  const task = await pendingTaskOf(instanceId, 'u2');
  await expect(
    actMoreOnTask(t.db, viewer('u2'), {
      taskId: task!.id,
      action: 'append',
      position: 'before',
      activate: 'all',
      targetUserIds: [ids.u4!],
    }),
  ).rejects.toMatchObject({ code: 'conflict' });
  expect(await t.db.select().from(taskActions).where(eq(taskActions.instanceId, instanceId))).toHaveLength(0);
  expect(sandboxInstance(externalId).operationRecords.map((r) => r.type)).toEqual(['START_PROCESS_INSTANCE']);
});

test('with the setting on but no OA高级版 at DingTalk: benefit.status.invalid fails the action, the task comes back', async () => {
  await setPremium(true);
  sandbox.control.setOrgEdition(TEST_CORP_ID, { oaPremium: false });
  const { instanceId, externalId } = await startAndIngest();
  const task = await pendingTaskOf(instanceId, 'u2');
  const { actionId } = await actMoreOnTask(t.db, viewer('u2'), {
    taskId: task!.id,
    action: 'append',
    position: 'before',
    activate: 'all',
    targetUserIds: [ids.u4!],
  });
  // Out of 待我处理 at once (前加签 ends the adder's task) …
  expect((await pendingTaskOf(instanceId, 'u2'))?.actedAt).not.toBeNull();
  const row = await writeBack(actionId);
  expect(row.writeBackStatus).toBe('failed');
  expect(row.lastError).toContain('benefit.status.invalid');
  // … and back when DingTalk refused.
  expect((await pendingTaskOf(instanceId, 'u2'))?.actedAt).toBeNull();
  expect(sandboxInstance(externalId).tasks.map((x) => `${x.userId}:${x.status}`)).toEqual(['u2:RUNNING']);
});

test('with OA高级版: 加签 before and 退回 to the originator reach DingTalk with the documented bodies', async () => {
  await setPremium(true);
  sandbox.control.setOrgEdition(TEST_CORP_ID, { oaPremium: true });
  const { instanceId, externalId } = await startAndIngest();
  const offered = await getMoreActions(t.db, viewer('u2'), instanceId);
  expect(offered).toMatchObject({ append: 'huiban', revert: 'huiban', appendPositions: ['before', 'after'] });
  // The originator by name, as the instance page shows them (DingTalk's node says only 发起人, in Chinese).
  const shown = await getInstanceForViewer(t.db, viewer('u2'), instanceId);
  expect(shown?.originatorName).toBeTruthy();
  expect(offered.revertTargets[0]).toEqual({ id: 'sid-startevent', name: shown?.originatorName });
  const task = await pendingTaskOf(instanceId, 'u2');
  // DingTalk's API has no "alongside": 400 before anything is sent.
  await expect(
    actMoreOnTask(t.db, viewer('u2'), {
      taskId: task!.id,
      action: 'append',
      position: 'alongside',
      activate: 'all',
      targetUserIds: [ids.u4!],
    }),
  ).rejects.toMatchObject({ code: 'validation_failed' });

  const appended = await actMoreOnTask(t.db, viewer('u2'), {
    taskId: task!.id,
    action: 'append',
    position: 'before',
    activate: 'all',
    targetUserIds: [ids.u4!],
    remark: '请 u4 先看',
  });
  expect((await writeBack(appended.actionId)).writeBackStatus).toBe('confirmed');
  const afterAppend = sandboxInstance(externalId);
  expect(afterAppend.operationRecords.at(-1)).toMatchObject({
    type: 'APPEND_TASK_BEFORE',
    userId: 'u2',
    remark: '请 u4 先看',
  });
  expect(afterAppend.tasks.map((x) => `${x.userId}:${x.status}`)).toEqual(['u2:COMPLETED', 'u4:RUNNING']);
  // Huiban re-read the instance: u4 now has the task.
  const u4Task = await pendingTaskOf(instanceId, 'u4');
  expect(u4Task).toBeTruthy();

  const reverted = await actMoreOnTask(t.db, viewer('u4'), {
    taskId: u4Task!.id,
    action: 'revert',
    target: 'sid-startevent',
    remark: '请补充预算',
  });
  expect((await writeBack(reverted.actionId)).writeBackStatus).toBe('confirmed');
  const afterRevert = sandboxInstance(externalId);
  expect(afterRevert.operationRecords.at(-1)).toMatchObject({
    type: 'REDIRECT_PROCESS',
    userId: 'u4',
    remark: '请补充预算',
  });
  expect(afterRevert.tasks.filter((x) => x.status === 'RUNNING')).toEqual([]);
  const calls = sandbox.control.apiCalls().byApi;
  expect(Object.keys(calls).some((k) => k.includes('/v1.0/workflow/premium/tasks/append'))).toBe(true);
  expect(Object.keys(calls).some((k) => k.includes('/v1.0/workflow/premium/tasks/revert'))).toBe(true);
});
