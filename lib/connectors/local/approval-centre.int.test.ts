import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  approvalCentreTemplates,
  identities,
  localEffects,
  localRuns,
  processInstances,
  users,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import type { PcInstance, PcTask } from '@/sandbox/dingtalk/process-centre';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { call } from '@/sandbox/testing';
import { actOnLocalRun } from './act-on-local-run';
import { pcCrashPoints } from './create-approval-centre-instance';
import { pcTaskCrashPoints } from './create-approval-centre-task';
import type { WorkflowBody } from './definition-schema';
import type { EngineState } from './engine';
import { runLocalEffect } from './run-local-effect';
import { startLocalInstance } from './start-local-instance';
import { approvalCentreStatusAsAdmin } from './workflows/approval-centre-status';

/**
 * Huiban's own approvals in DingTalk's approval centre (process centre, §5.10) against the sandbox: the
 * template registered once, the instance and one task per approver created once (also across a worker killed
 * between DingTalk's answer and the store), tasks updated on agree / refuse / transfer, the instance finished
 * or terminated, and failures shown on the workflow's admin page. The effect jobs are driven by hand.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let definitionId: string;

const who = (u: string) => ({ userId: ids[u] as string, name: u, isAdmin: u === 'boss' });
type Centre = {
  templates: { processCode: string; name: string }[];
  instances: (PcInstance & { tasks: PcTask[] })[];
};

async function centre(): Promise<Centre> {
  return (await call<Centre>(sandbox.url, 'GET', '/__control/process-centre')).body;
}

/** The sandbox's process-centre instance of a run (found through the effect that stored it). */
async function pcInstanceOfRun(runId: string) {
  const [row] = await t.db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, runId), eq(localEffects.key, 'pc-instance')));
  const id = (row?.result as { processInstanceId?: string } | null)?.processInstanceId;
  return (await centre()).instances.find((i) => i.processInstanceId === id);
}

/** Runs every open effect of the run, as the worker would, until none is left (the jobs' retries included). */
async function drain(runId: string) {
  for (let round = 0; round < 20; round++) {
    const open = await t.db
      .select()
      .from(localEffects)
      .where(and(eq(localEffects.runId, runId), inArray(localEffects.status, ['pending', 'calling'])))
      .orderBy(localEffects.createdAt);
    if (!open.length) return;
    for (const effect of open)
      await runLocalEffect(t.db, effect.id, { log, isFinalAttempt: round >= 5 }).catch(() => undefined);
  }
  throw new Error('effects did not settle');
}

async function state(runId: string): Promise<EngineState> {
  const [run] = await t.db.select().from(localRuns).where(eq(localRuns.id, runId));
  return run!.state as EngineState;
}

async function start(values: Record<string, unknown> = { reason: '显示器', amount: 1200 }) {
  const { instanceId } = await startLocalInstance(t.db, who('u1'), { definitionId, values });
  const [row] = await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId));
  return row!.externalId;
}

/** A pending task's action, as the write-back job performs it. */
async function act(runId: string, u: string, action: 'agree' | 'refuse' | 'transfer', target?: string) {
  const task = (await state(runId)).tasks.find((x) => x.userId === ids[u] && x.status === 'pending');
  if (!task) throw new Error(`${u} has no pending task`);
  await actOnLocalRun(t.db, {
    action,
    instanceExternalId: runId,
    externalTaskId: task.id,
    actorExternalId: ids[u]!,
    remark: null,
    targetExternalId: target ? ids[target] : null,
    actionId: `${runId}:${task.id}:${action}`,
  });
  await drain(runId);
}

const tasksOf = (inst: { tasks: PcTask[] } | undefined) =>
  (inst?.tasks ?? []).map((x) => `${x.userId}:${x.status}${x.result ? `:${x.result}` : ''}`);

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5', 'boss'].map((u) => ({ username: u, name: u, email: `${u}@test.example` })),
  );
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  await t.db.insert(identities).values(
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      connectorId: dingtalkId,
      externalUserId: u,
      unionId: `union_${u}`,
      userId: ids[u],
      name: u,
      matchedBy: 'email',
    })),
  );
  const body: WorkflowBody = {
    form: {
      fields: [
        { key: 'reason', label: '采购事由', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'money', required: true },
      ],
    },
    steps: [
      {
        id: 'lead',
        name: '主管审批',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'users', userIds: [ids.u2!] },
      },
      {
        id: 'board',
        name: '会签',
        kind: 'approval',
        mode: 'all',
        assignee: { type: 'users', userIds: [ids.u3!, ids.u4!] },
      },
    ],
    // Both set: the approval centre wins, the 待办 mirror stays off (one decision, dingtalk-task-channel.ts).
    options: {
      mirrorTodoConnectorId: dingtalkId,
      notifyAssignee: false,
      approvalCentreConnectorId: dingtalkId,
    },
  };
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'purchase', name: '采购申请', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  definitionId = def!.id;
  await t.db.insert(workflowVersions).values({
    definitionId,
    version: 1,
    formSchema: body.form,
    steps: body.steps,
    options: body.options,
  });
});

afterEach(() => {
  pcCrashPoints.afterInstanceCalls = undefined;
  pcCrashPoints.afterInstanceCreated = undefined;
  pcTaskCrashPoints.afterCreate = undefined;
});

afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

test('instance with the Huiban link, a task per approver, updated on transfer, agree and refuse; no 待办 mirror', async () => {
  const runId = await start();
  await drain(runId);
  const c = await centre();
  expect(c.templates).toHaveLength(1);
  expect(c.templates[0]).toMatchObject({ name: '采购申请（汇办）' });
  const inst = await pcInstanceOfRun(runId);
  expect(inst).toMatchObject({
    processCode: c.templates[0]!.processCode,
    originatorUserId: 'u1',
    status: 'RUNNING',
    title: 'u1提交的采购申请',
  });
  // Opens Huiban's instance page inside the DingTalk client (§10.1).
  const [pi] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, runId));
  expect(inst!.url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(`${process.env.APP_URL || 'http://localhost:3000'}/instances/${pi!.id}`)}&pc_slide=true`,
  );
  expect(inst!.formComponentValueList).toEqual([
    { name: '采购事由', value: '显示器' },
    { name: '金额', value: '¥1200.00' },
  ]);
  expect(tasksOf(inst)).toEqual(['u2:RUNNING']);
  // Never both: the mirror is configured too, but no 待办 exists and no mirror effect was planned.
  expect((await call<unknown[]>(sandbox.url, 'GET', '/__control/todos')).body).toEqual([]);
  const kinds = await t.db
    .select({ kind: localEffects.kind })
    .from(localEffects)
    .where(eq(localEffects.runId, runId));
  expect(kinds.map((k) => k.kind)).not.toContain('mirrorTodo');

  // Transfer: the old task is withdrawn, the new approver gets one.
  await act(runId, 'u2', 'transfer', 'u5');
  expect(tasksOf(await pcInstanceOfRun(runId))).toEqual(['u2:CANCELED', 'u5:RUNNING']);
  await act(runId, 'u5', 'agree');
  expect(tasksOf(await pcInstanceOfRun(runId))).toEqual([
    'u2:CANCELED',
    'u5:COMPLETED:AGREE',
    'u3:RUNNING',
    'u4:RUNNING',
  ]);
  // A refusal ends the flow: u4's open task is cancelled with the instance, which completes as refused.
  await act(runId, 'u3', 'refuse');
  const done = await pcInstanceOfRun(runId);
  expect(tasksOf(done)).toEqual(['u2:CANCELED', 'u5:COMPLETED:AGREE', 'u3:COMPLETED:REFUSE', 'u4:CANCELED']);
  expect(done).toMatchObject({ status: 'COMPLETED', result: 'refuse' });

  // A second request: the template is registered once; all agree → COMPLETED agree.
  const second = await start({ reason: '键盘', amount: 300 });
  await drain(second);
  for (const u of ['u2', 'u3', 'u4']) await act(second, u, 'agree');
  const ok = await pcInstanceOfRun(second);
  expect(ok).toMatchObject({ status: 'COMPLETED', result: 'agree' });
  expect(tasksOf(ok)).toEqual(['u2:COMPLETED:AGREE', 'u3:COMPLETED:AGREE', 'u4:COMPLETED:AGREE']);
  expect((await centre()).templates).toHaveLength(1);
  expect(await t.db.select().from(approvalCentreTemplates)).toHaveLength(1);

  // A new published version changes the form: the same template is saved again with its processCode.
  const [v1] = await t.db
    .select()
    .from(workflowVersions)
    .where(eq(workflowVersions.definitionId, definitionId));
  const form = {
    fields: [
      ...(v1!.formSchema as WorkflowBody['form']).fields,
      { key: 'note', label: '备注', type: 'text' },
    ],
  };
  await t.db.insert(workflowVersions).values({ ...v1!, id: undefined, version: 2, formSchema: form });
  await t.db
    .update(workflowDefinitions)
    .set({ publishedVersion: 2 })
    .where(eq(workflowDefinitions.id, definitionId));
  await drain(await start({ reason: '鼠标', amount: 50, note: '无线' }));
  const [template] = (await centre()).templates;
  expect(template?.processCode).toBe(c.templates[0]!.processCode);
  expect(
    (template as unknown as { formComponents: { props: { label: string } }[] }).formComponents.map(
      (x) => x.props.label,
    ),
  ).toEqual(['采购事由', '金额', '备注']);
  expect(await t.db.select().from(approvalCentreTemplates)).toEqual([
    expect.objectContaining({ version: 2, lastError: null }),
  ]);
});

test('revoke: the open task is cancelled and the instance terminated', async () => {
  const runId = await start();
  await drain(runId);
  await actOnLocalRun(t.db, {
    action: 'revoke',
    instanceExternalId: runId,
    externalTaskId: null,
    actorExternalId: ids.u1!,
    remark: '不买了',
    actionId: `${runId}:revoke`,
  });
  await drain(runId);
  const inst = await pcInstanceOfRun(runId);
  expect(inst?.status).toBe('TERMINATED');
  expect(tasksOf(inst)).toEqual(['u2:CANCELED']);
});

test('a worker killed after DingTalk answered and before the store: the retry creates no second instance or task', async () => {
  const before = (await centre()).instances.length;
  pcCrashPoints.afterInstanceCalls = () => {
    pcCrashPoints.afterInstanceCalls = undefined;
    throw new Error('worker killed');
  };
  const runId = await start();
  const [effect] = await t.db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, runId), eq(localEffects.key, 'pc-instance')));
  await expect(runLocalEffect(t.db, effect!.id, { log, isFinalAttempt: false })).rejects.toThrow(
    'worker killed',
  );
  // DingTalk holds the instance and u2's task; Huiban has not recorded them (the effect is still `calling`).
  expect((await centre()).instances).toHaveLength(before + 1);
  const [still] = await t.db.select().from(localEffects).where(eq(localEffects.id, effect!.id));
  expect(still?.status).toBe('calling');
  await drain(runId);
  expect((await centre()).instances).toHaveLength(before + 1);
  expect(tasksOf(await pcInstanceOfRun(runId))).toEqual(['u2:RUNNING']);

  // The same for a task: the transfer's new task is created, the store is lost, the retry adopts it.
  pcTaskCrashPoints.afterCreate = () => {
    pcTaskCrashPoints.afterCreate = undefined;
    throw new Error('worker killed');
  };
  await act(runId, 'u2', 'transfer', 'u5');
  expect(tasksOf(await pcInstanceOfRun(runId))).toEqual(['u2:CANCELED', 'u5:RUNNING']);
  const u5Task = (await state(runId)).tasks.find((x) => x.userId === ids.u5);
  const [taskEffect] = await t.db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, runId), eq(localEffects.key, `pc-task:${u5Task!.id}`)));
  expect(taskEffect).toMatchObject({ status: 'done', result: expect.objectContaining({ adopted: true }) });
  // Running a done effect again (a duplicate job) changes nothing.
  expect(await runLocalEffect(t.db, taskEffect!.id, { log, isFinalAttempt: false })).toBe('skipped');
  expect(tasksOf(await pcInstanceOfRun(runId))).toEqual(['u2:CANCELED', 'u5:RUNNING']);

  // A template whose registration answer was lost is found by its name, not registered again.
  await t.db.delete(approvalCentreTemplates).where(eq(approvalCentreTemplates.definitionId, definitionId));
  await drain(await start());
  expect((await centre()).templates).toHaveLength(1);
});

test('a worker killed between the instance and its tasks: the retry gives that instance its task, no empty instance is left', async () => {
  const before = (await centre()).instances.length;
  pcCrashPoints.afterInstanceCreated = () => {
    pcCrashPoints.afterInstanceCreated = undefined;
    throw new Error('worker killed');
  };
  const runId = await start();
  const [effect] = await t.db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, runId), eq(localEffects.key, 'pc-instance')));
  await expect(runLocalEffect(t.db, effect!.id, { log, isFinalAttempt: false })).rejects.toThrow(
    'worker killed',
  );
  // DingTalk holds an instance without any task; its id is already stored on the effect (still `calling`).
  const afterKill = (await centre()).instances;
  expect(afterKill).toHaveLength(before + 1);
  const created = afterKill.at(-1)!;
  expect(created.tasks).toEqual([]);
  const [still] = await t.db.select().from(localEffects).where(eq(localEffects.id, effect!.id));
  expect(still).toMatchObject({
    status: 'calling',
    result: expect.objectContaining({ processInstanceId: created.processInstanceId }),
  });

  await drain(runId);
  const instances = (await centre()).instances;
  expect(instances).toHaveLength(before + 1);
  const inst = await pcInstanceOfRun(runId);
  expect(inst?.processInstanceId).toBe(created.processInstanceId);
  expect(tasksOf(inst)).toEqual(['u2:RUNNING']);
  const [done] = await t.db.select().from(localEffects).where(eq(localEffects.id, effect!.id));
  expect(done).toMatchObject({ status: 'done', result: expect.objectContaining({ resumed: true }) });

  // The run goes on as usual through that instance.
  await act(runId, 'u2', 'agree');
  expect(tasksOf(await pcInstanceOfRun(runId))).toEqual(['u2:COMPLETED:AGREE', 'u3:RUNNING', 'u4:RUNNING']);
});

test('DingTalk errors (integrated.state.invalid, integrated.number.exceed) are shown on the workflow admin page', async () => {
  // Someone finished the instance in DingTalk: Huiban's next task update is refused.
  const runId = await start();
  await drain(runId);
  const inst = await pcInstanceOfRun(runId);
  await call(sandbox.url, 'POST', `/__control/process-centre/instances/${inst!.processInstanceId}/finish`);
  await act(runId, 'u2', 'agree');
  // The flow itself goes on in Huiban.
  expect((await state(runId)).tasks.filter((x) => x.status === 'pending').map((x) => x.userId)).toEqual([
    ids.u3,
    ids.u4,
  ]);

  // A lower per-instance task limit: the second approver's task is refused.
  await call(sandbox.url, 'PATCH', '/__control/process-centre/limits', { body: { tasksPerInstance: 2 } });
  const other = await start();
  await drain(other);
  await act(other, 'u2', 'agree');
  expect(tasksOf(await pcInstanceOfRun(other))).toEqual(['u2:COMPLETED:AGREE', 'u3:RUNNING']);
  await call(sandbox.url, 'PATCH', '/__control/process-centre/limits', { body: { tasksPerInstance: 100 } });

  const status = await approvalCentreStatusAsAdmin(t.db, who('boss'), definitionId);
  expect(status.templates).toEqual([
    expect.objectContaining({
      connectorId: dingtalkId,
      processCode: expect.stringMatching(/^PROC-/),
      lastError: null,
    }),
  ]);
  const errors = status.problems.map((p) => `${p.kind} ${p.status} ${p.error}`);
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^pcTaskDone failed .*integrated\.state\.invalid/),
      expect.stringMatching(/^pcTask failed .*integrated\.state\.invalid/),
      expect.stringMatching(/^pcTask failed .*integrated\.number\.exceed/),
    ]),
  );
  expect(status.problems.every((p) => p.instanceId && p.title)).toBe(true);
  await expect(approvalCentreStatusAsAdmin(t.db, who('u2'), definitionId)).rejects.toMatchObject({
    code: 'forbidden',
  });
});
