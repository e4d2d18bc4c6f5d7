import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  auditLog,
  localRuns,
  processInstances,
  processLogs,
  taskActions,
  tasks,
  users,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { writeBackAction } from '@/lib/sync/write-back-action';
import { actMoreOnTask } from '@/lib/tasks/actions/act-more-on-task';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { getMoreActions } from '@/lib/tasks/actions/get-more-actions';
import { createUsers } from '@/lib/testing/factories';
import type { WorkflowBody } from './definition-schema';
import { getResubmitForm, resubmitLocalInstance } from './resubmit-local-instance';
import { startLocalInstance } from './start-local-instance';

/**
 * 加签 / 退回 / 撤回 / 再次提交 on local workflows end to end: the viewer-scoped action, its write-back job (run
 * here by calling the handler's function), the engine transition, the applied snapshot (tasks, timeline), the
 * audit log; refusals change nothing.
 */

let t: TestDatabase;
let ids: Record<string, string>;
let definitionId: string;
const viewer = (name: string) => ({ userId: ids[name] as string, name, isAdmin: false });

function body(): WorkflowBody {
  return {
    form: {
      fields: [
        { key: 'reason', label: '事由', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'money', required: true, min: 0 },
      ],
    },
    steps: [
      {
        id: 'lead',
        name: '主管审批',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'users', userIds: [ids.lead as string] },
      },
      {
        id: 'finance',
        name: '财务会签',
        kind: 'approval',
        mode: 'all',
        assignee: { type: 'users', userIds: [ids.fin1 as string, ids.fin2 as string] },
      },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  ids = await createUsers(
    t.db,
    ['emp', 'lead', 'fin1', 'fin2', 'extra', 'other'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@t.example`,
    })),
  );
  const b = body();
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'more', name: '采购', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  definitionId = def!.id;
  await t.db
    .insert(workflowVersions)
    .values({ definitionId, version: 1, formSchema: b.form, steps: b.steps, options: b.options });
});

afterAll(async () => {
  await t?.drop();
});

async function start() {
  const { instanceId } = await startLocalInstance(t.db, viewer('emp'), {
    definitionId,
    values: { reason: '买电脑', amount: 5000 },
  });
  return instanceId;
}

async function taskRows(instanceId: string) {
  const rows = await t.db
    .select({ id: tasks.id, user: users.username, status: tasks.status, result: tasks.result })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.assigneeUserId))
    .where(and(eq(tasks.instanceId, instanceId), eq(tasks.kind, 'approval')))
    .orderBy(asc(tasks.createdAt), asc(tasks.externalTaskId));
  return rows;
}

async function pending(instanceId: string) {
  return (await taskRows(instanceId))
    .filter((r) => r.status === 'pending')
    .map((r) => r.user)
    .sort();
}

async function pendingTaskOf(instanceId: string, user: string) {
  const row = (await taskRows(instanceId)).find((r) => r.user === user && r.status === 'pending');
  if (!row) throw new Error(`no pending task for ${user}`);
  return row.id;
}

/** The write-back job's work, as the worker runs it. */
async function writeBack(actionId: string) {
  await writeBackAction(t.db, actionId, { log, isFinalAttempt: true });
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  return row;
}

async function agree(instanceId: string, user: string) {
  const { actionId } = await actOnTask(t.db, viewer(user), {
    taskId: await pendingTaskOf(instanceId, user),
    action: 'agree',
  });
  expect((await writeBack(actionId))?.writeBackStatus).toBe('confirmed');
}

async function logs(instanceId: string) {
  return t.db
    .select({ action: processLogs.action, remark: processLogs.remark, targets: processLogs.targets })
    .from(processLogs)
    .where(eq(processLogs.instanceId, instanceId))
    .orderBy(asc(processLogs.occurredAt));
}

test('加签 before: the added person acts first, then the adder again; timeline, audit and write-back say so', async () => {
  const instanceId = await start();
  const offered = await getMoreActions(t.db, viewer('lead'), instanceId);
  expect(offered).toMatchObject({
    append: 'huiban',
    revert: 'huiban',
    withdraw: 'none',
    resubmit: 'none',
    appendPositions: ['before', 'after', 'alongside'],
  });
  expect(offered.revertTargets.map((x) => x.name)).toEqual(['emp']);
  // Someone else: 404 for the offer, 403 for the act, nothing written.
  await expect(getMoreActions(t.db, viewer('other'), instanceId)).rejects.toMatchObject({
    code: 'not_found',
  });
  const leadTask = await pendingTaskOf(instanceId, 'lead');
  await expect(
    actMoreOnTask(t.db, viewer('other'), {
      taskId: leadTask,
      action: 'append',
      position: 'before',
      activate: 'all',
      targetUserIds: [ids.extra as string],
    }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  // Oneself as an added approver: 400, nothing written.
  await expect(
    actMoreOnTask(t.db, viewer('lead'), {
      taskId: leadTask,
      action: 'append',
      position: 'before',
      activate: 'all',
      targetUserIds: [ids.lead as string],
    }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  expect(await t.db.select().from(taskActions).where(eq(taskActions.instanceId, instanceId))).toHaveLength(0);

  const { actionId } = await actMoreOnTask(t.db, viewer('lead'), {
    taskId: leadTask,
    action: 'append',
    position: 'before',
    activate: 'all',
    targetUserIds: [ids.extra as string],
    remark: '请 extra 先看',
  });
  expect((await writeBack(actionId))?.writeBackStatus).toBe('confirmed');
  expect(await pending(instanceId)).toEqual(['extra']);
  const appended = (await logs(instanceId)).find((l) => l.action === 'append');
  expect(appended).toMatchObject({ remark: '请 extra 先看' });
  expect(appended?.targets.map((p) => p.name)).toEqual(['extra']);
  const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'task.append'));
  expect(audit).toMatchObject({ actorUserId: ids.lead, targetId: leadTask });

  await agree(instanceId, 'extra');
  expect(await pending(instanceId)).toEqual(['lead']);
  await agree(instanceId, 'lead');
  expect(await pending(instanceId)).toEqual(['fin1', 'fin2']);
});

test('退回 to the originator, who edits (checked as at start) and 再次提交: the flow restarts and completes', async () => {
  const instanceId = await start();
  await agree(instanceId, 'lead');
  const fin1Task = await pendingTaskOf(instanceId, 'fin1');
  // A target not offered: 400.
  await expect(
    actMoreOnTask(t.db, viewer('fin1'), {
      taskId: fin1Task,
      action: 'revert',
      target: 'finance',
      remark: 'x',
    }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  expect((await getMoreActions(t.db, viewer('fin1'), instanceId)).revertTargets.map((x) => x.id)).toEqual([
    '@originator',
    'lead',
  ]);
  const { actionId } = await actMoreOnTask(t.db, viewer('fin1'), {
    taskId: fin1Task,
    action: 'revert',
    target: '@originator',
    remark: '请补充型号',
  });
  expect((await writeBack(actionId))?.writeBackStatus).toBe('confirmed');
  expect(await pending(instanceId)).toEqual(['emp']);
  const [instance] = await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId));
  expect(instance?.status).toBe('running');
  expect((await logs(instanceId)).find((l) => l.action === 'revert')).toMatchObject({ remark: '请补充型号' });

  // Only the originator gets the form; only they resubmit.
  await expect(getResubmitForm(t.db, viewer('fin1'), instanceId)).rejects.toMatchObject({
    code: 'not_found',
  });
  const form = await getResubmitForm(t.db, viewer('emp'), instanceId);
  expect(form.values).toEqual({ reason: '买电脑', amount: 5000 });
  expect((await getMoreActions(t.db, viewer('emp'), instanceId)).resubmit).toBe('huiban');

  // Bad values: 400 per field, nothing changes.
  await expect(
    resubmitLocalInstance(t.db, viewer('emp'), { instanceId, values: { reason: '', amount: -1 } }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  expect(await pending(instanceId)).toEqual(['emp']);

  await resubmitLocalInstance(t.db, viewer('emp'), {
    instanceId,
    values: { reason: '买电脑（型号 X1）', amount: 5200 },
    remark: '已补充',
  });
  expect(await pending(instanceId)).toEqual(['lead']);
  const [run] = await t.db.select().from(localRuns).where(eq(localRuns.id, instance!.externalId));
  expect(run?.values).toEqual({ reason: '买电脑（型号 X1）', amount: 5200 });
  expect((await logs(instanceId)).map((l) => l.action)).toContain('resubmit');
  const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'instance.resubmit'));
  expect(audit?.actorUserId).toBe(ids.emp);
  // Not returned any more: a second resubmit is a conflict.
  await expect(
    resubmitLocalInstance(t.db, viewer('emp'), { instanceId, values: { reason: 'x', amount: 1 } }),
  ).rejects.toMatchObject({ code: 'conflict' });

  await agree(instanceId, 'lead');
  await agree(instanceId, 'fin1');
  await agree(instanceId, 'fin2');
  const [done] = await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId));
  expect(done).toMatchObject({ status: 'completed', result: 'agree' });
});

test('退回 to a passed step: it runs again, then the flow goes on', async () => {
  const instanceId = await start();
  await agree(instanceId, 'lead');
  const { actionId } = await actMoreOnTask(t.db, viewer('fin2'), {
    taskId: await pendingTaskOf(instanceId, 'fin2'),
    action: 'revert',
    target: 'lead',
    remark: '主管再看看',
  });
  expect((await writeBack(actionId))?.writeBackStatus).toBe('confirmed');
  expect(await pending(instanceId)).toEqual(['lead']);
  await agree(instanceId, 'lead');
  expect(await pending(instanceId)).toEqual(['fin1', 'fin2']);
});

test('撤回 before the next step acted; refused once it has', async () => {
  const instanceId = await start();
  await agree(instanceId, 'lead');
  const offered = await getMoreActions(t.db, viewer('lead'), instanceId);
  expect(offered.withdraw).toBe('huiban');
  const { actionId } = await actMoreOnTask(t.db, viewer('lead'), {
    taskId: offered.withdrawTaskId as string,
    action: 'withdraw',
    remark: '金额有误',
  });
  expect((await writeBack(actionId))?.writeBackStatus).toBe('confirmed');
  expect(await pending(instanceId)).toEqual(['lead']);
  const finance = (await taskRows(instanceId)).filter((r) => r.user === 'fin1' || r.user === 'fin2');
  expect(finance.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  expect((await logs(instanceId)).find((l) => l.action === 'withdraw')).toMatchObject({ remark: '金额有误' });

  await agree(instanceId, 'lead');
  await agree(instanceId, 'fin1');
  const after = await getMoreActions(t.db, viewer('lead'), instanceId);
  expect(after.withdraw).toBe('none');
  const agreed = (await taskRows(instanceId)).filter((r) => r.user === 'lead').at(-1);
  await expect(
    actMoreOnTask(t.db, viewer('lead'), { taskId: agreed!.id, action: 'withdraw' }),
  ).rejects.toMatchObject({ code: 'conflict' });
  expect(await pending(instanceId)).toEqual(['fin2']);
});

test('撤回 of the agree that decided a 或签 step asks every approver again; in a 会签 step only the withdrawer', async () => {
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'or-sign', name: '报销', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  const steps: WorkflowBody['steps'] = [
    {
      id: 'leads',
      name: '主管或签',
      kind: 'approval',
      mode: 'any',
      assignee: { type: 'users', userIds: [ids.lead as string, ids.extra as string, ids.other as string] },
    },
    {
      id: 'finance',
      name: '财务会签',
      kind: 'approval',
      mode: 'all',
      assignee: { type: 'users', userIds: [ids.fin1 as string, ids.fin2 as string] },
    },
    {
      id: 'archive',
      name: '归档',
      kind: 'approval',
      mode: 'sequential',
      assignee: { type: 'users', userIds: [ids.lead as string] },
    },
  ];
  await t.db.insert(workflowVersions).values({
    definitionId: def!.id,
    version: 1,
    formSchema: body().form,
    steps,
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  });
  const { instanceId } = await startLocalInstance(t.db, viewer('emp'), {
    definitionId: def!.id,
    values: { reason: '差旅', amount: 800 },
  });
  expect(await pending(instanceId)).toEqual(['extra', 'lead', 'other']);
  await agree(instanceId, 'extra');
  expect(await pending(instanceId)).toEqual(['fin1', 'fin2']);

  const withdraw = async (user: string) => {
    const offered = await getMoreActions(t.db, viewer(user), instanceId);
    expect(offered.withdraw).toBe('huiban');
    const { actionId } = await actMoreOnTask(t.db, viewer(user), {
      taskId: offered.withdrawTaskId as string,
      action: 'withdraw',
      remark: '再看看',
    });
    expect((await writeBack(actionId))?.writeBackStatus).toBe('confirmed');
  };
  // 或签: extra's agree decided for all three; taking it back asks all three again, finance is withdrawn.
  await withdraw('extra');
  expect(await pending(instanceId)).toEqual(['extra', 'lead', 'other']);
  const finance = (await taskRows(instanceId)).filter((r) => r.user === 'fin1' || r.user === 'fin2');
  expect(finance.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  // Each of them sees their own task in 待我处理 again, and still one agree decides.
  await agree(instanceId, 'other');
  expect(await pending(instanceId)).toEqual(['fin1', 'fin2']);
  expect((await taskRows(instanceId)).filter((r) => r.user === 'lead').map((r) => r.status)).toEqual([
    'cancelled',
    'cancelled',
  ]);

  // 会签: both signed, then fin1 takes hers back; only she is asked again, fin2's agree stands.
  await agree(instanceId, 'fin1');
  await agree(instanceId, 'fin2');
  expect(await pending(instanceId)).toEqual(['lead']);
  await withdraw('fin1');
  expect(await pending(instanceId)).toEqual(['fin1']);
  // (fin2's first task was withdrawn with the first round of finance above.)
  expect(
    (await taskRows(instanceId)).filter((r) => r.user === 'fin2').map((r) => [r.status, r.result]),
  ).toEqual([
    ['cancelled', null],
    ['done', 'agree'],
  ]);
  await agree(instanceId, 'fin1');
  expect(await pending(instanceId)).toEqual(['lead']);
  await agree(instanceId, 'lead');
  const [done] = await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId));
  expect(done).toMatchObject({ status: 'completed', result: 'agree' });
});
