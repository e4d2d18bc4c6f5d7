import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  connectors,
  identities,
  inboundEvents,
  localDingtalkLinks,
  localEffects,
  localRuns,
  processInstances,
  processLogs,
  tasks,
  users,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@/lib/crypto/signature';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { log } from '@/lib/log';
import { refreshInstance } from '@/lib/sync/refresh-instance';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { dingtalkSettings } from '../dingtalk/config';
import { listConnectActionsAsAdmin } from '../dingtalk/list-connect-actions';
import { connectAssetUriOf, invokeConnectAction, startDingTalkInstance } from '../dingtalk/workflow-bridge';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { cancelLocalInstanceAsAdmin } from './cancel-local-instance';
import type { WorkflowBody } from './definition-schema';
import { resumeLocalStep } from './resume-local-step';
import { runLocalEffect } from './run-local-effect';
import { startLocalInstance } from './start-local-instance';

/**
 * Local workflows end to end against the sandbox: a condition, a 会签 step, a DingTalk approval step, a webhook and a
 * connect-platform action, mirrored 待办 and work notices. The first worker is a child process killed with
 * SIGKILL mid-way; a second worker finishes the run with no step doubled.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker | undefined;
let child: ChildProcess | undefined;
let hookServer: Server;
let hookUrl: string;
const hooks: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let ids: Record<string, string>;
let dingtalkId: string;
let definitionId: string;

const who = (u: string) => ({ userId: ids[u] as string, name: u, isAdmin: u === 'boss' });

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  process.env.WORKFLOW_WEBHOOK_SECRET = 'whsec_test_local_workflows';
  const scenario = minimalScenario();
  // The DingTalk template's own flow: u3 approves.
  scenario.orgs[0]!.templates[0]!.defaultApprovers = [{ actionType: 'NONE', userIds: ['u3'] }];
  // The app also subscribes to 待办 events in the console: Huiban receives its own mirrored items' events.
  scenario.orgs[0]!.apps[0]!.subscribedEvents = [
    'bpms_task_change',
    'bpms_instance_change',
    'todo_task_create',
    'todo_task_update',
  ];
  sandbox = await startSandbox({ scenario });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5', 'boss'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@test.example`,
      password: null,
    })),
  );
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  const [dt] = await t.db.select().from(connectors).where(eq(connectors.id, dingtalkId));
  await t.db
    .update(connectors)
    .set({
      config: {
        ...dt!.config,
        agentId: TEST_APP.agentId,
        // Subscribe to 待办 events too: the loop-safety check needs them to reach Huiban.
        eventTypes: ['bpms_task_change', 'bpms_instance_change', 'todo_task_create', 'todo_task_update'],
      },
    })
    .where(eq(connectors.id, dingtalkId));
  // Huiban users ↔ DingTalk accounts (what the directory sync would have linked).
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

  hookServer = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;

  const body: WorkflowBody = {
    form: {
      fields: [
        { key: 'reason', label: '采购事由', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'money', required: true },
      ],
    },
    steps: [
      {
        id: 'route',
        name: '按金额',
        kind: 'condition',
        branches: [
          {
            name: '大额',
            when: { fieldKey: 'amount', op: 'gt', value: 1000 },
            steps: [
              {
                id: 'countersign',
                name: '部门会签',
                kind: 'approval',
                mode: 'all',
                assignee: { type: 'users', userIds: [ids.u2!, ids.u4!] },
              },
            ],
          },
          {
            name: '其他',
            steps: [
              {
                id: 'lead',
                name: '主管审批',
                kind: 'approval',
                mode: 'sequential',
                assignee: { type: 'users', userIds: [ids.u2!] },
              },
            ],
          },
        ],
      },
      {
        id: 'dt',
        name: '钉钉采购审批',
        kind: 'dingtalkApproval',
        connectorId: dingtalkId,
        processCode: TEST_PROCESS_CODE,
        fieldMap: [
          { fieldKey: 'reason', componentName: '采购事由' },
          { fieldKey: 'amount', componentName: '金额（元）' },
        ],
      },
      {
        id: 'hook',
        name: '通知采购系统',
        kind: 'automation',
        action: { type: 'webhook', url: hookUrl, headers: { 'x-tenant': 'acme' } },
      },
      {
        id: 'voucher',
        name: '生成凭证',
        kind: 'automation',
        action: {
          type: 'connectAction',
          connectorId: dingtalkId,
          integrationConnectorId: 'G-CONN-SANDBOX-FINANCE',
          actionId: 'G-ACT-CREATE-VOUCHER',
          input: { title: '采购：{{form.reason}}', amount: '{{form.amount}}', reference: '{{instance.id}}' },
        },
      },
      {
        id: 'final',
        name: '财务复核',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'users', userIds: [ids.u5!] },
      },
    ],
    options: { mirrorTodoConnectorId: dingtalkId, notifyAssignee: true },
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

afterAll(async () => {
  child?.kill('SIGKILL');
  await worker?.stop();
  await t?.drop();
  await sandbox?.close();
  await new Promise((r) => hookServer?.close(r));
});

/** The standalone worker (`npm run worker`) as a child process we can kill without warning. */
async function spawnWorker(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'worker/index.ts'], {
    cwd: process.cwd(),
    // Logs on stdout (we wait for "worker started"); copied into the run's log capture for the secrets scan.
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'info', NODE_ENV: 'test', LOG_FILE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const capture = process.env.LOG_FILE ? `${process.env.LOG_FILE}.worker-${proc.pid}` : null;
  if (capture) proc.stdout?.on('data', (d: Buffer) => appendFileSync(capture, d));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child worker did not start:\n${output}`)), 45_000);
    proc.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    proc.once('exit', (code) => reject(new Error(`child worker exited ${code}:\n${output}`)));
  });
  return proc;
}

/** What pg-boss's expiry does once a dead worker's active jobs pass expireInSeconds, without waiting for it. */
async function expireOrphanedJobs() {
  await t.db.execute(
    sql.raw(`UPDATE ${BOSS_SCHEMA}.job SET started_on = now() - interval '1 day' WHERE state = 'active'`),
  );
  const boss = new PgBoss({ connectionString: t.url, schema: BOSS_SCHEMA, maintenanceIntervalSeconds: 1 });
  boss.on('error', () => {});
  await boss.start();
  await expect
    .poll(
      async () =>
        (
          await t.db.execute(
            sql.raw(`SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE state = 'active'`),
          )
        )[0]?.n,
      {
        timeout: 10_000,
      },
    )
    .toBe(0);
  await boss.stop({ graceful: false, wait: true });
}

async function localTasks(instanceId: string) {
  return t.db
    .select({
      id: tasks.id,
      ext: tasks.externalTaskId,
      user: tasks.assigneeUserId,
      status: tasks.status,
      result: tasks.result,
      node: tasks.nodeName,
    })
    .from(tasks)
    .where(eq(tasks.instanceId, instanceId))
    .orderBy(tasks.receivedAt, tasks.externalTaskId);
}

async function pendingTaskOf(instanceId: string, u: string) {
  return (await localTasks(instanceId)).find((x) => x.user === ids[u] && x.status === 'pending');
}

async function instanceRow(instanceId: string) {
  return (await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId)))[0];
}

test('condition → 会签 → DingTalk approval → webhook → connect action → final approval, surviving a killed worker', async () => {
  child = await spawnWorker();
  const { instanceId } = await startLocalInstance(t.db, who('u1'), {
    definitionId,
    values: { reason: '服务器扩容', amount: '5000' },
  });
  const [run] = await t.db.select().from(localRuns);
  const runId = run!.id;

  // The 大额 branch: a 会签 of u2 and u4, each mirrored as a DingTalk 待办 with a deep link, plus a notice.
  expect((await localTasks(instanceId)).map((x) => `${x.node}:${x.status}`)).toEqual([
    '部门会签:pending',
    '部门会签:pending',
  ]);
  await expect.poll(() => sandbox.control.todos({ unionId: 'union_u2' }).length, { timeout: 20_000 }).toBe(1);
  await expect.poll(() => sandbox.control.todos({ unionId: 'union_u4' }).length, { timeout: 20_000 }).toBe(1);
  const todo = sandbox.control.todos({ unionId: 'union_u2' })[0] as {
    detailUrl: { pcUrl: string };
    done: boolean;
    sourceId: string;
  };
  expect(todo.detailUrl.pcUrl).toMatch(new RegExp(`/instances/${instanceId}$`));
  expect(todo.done).toBe(false);
  await expect.poll(() => sandbox.control.notices({ userId: 'u2' }).length, { timeout: 20_000 }).toBe(1);

  await actOnTask(t.db, who('u2'), {
    taskId: (await pendingTaskOf(instanceId, 'u2'))!.id,
    action: 'agree',
    remark: '同意',
  });
  await actOnTask(t.db, who('u4'), { taskId: (await pendingTaskOf(instanceId, 'u4'))!.id, action: 'agree' });

  // Kill the worker without warning as soon as the DingTalk step is under way.
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select()
            .from(localEffects)
            .where(and(eq(localEffects.runId, runId), eq(localEffects.key, 'dingtalk:dt')))
        ).length,
      {
        timeout: 20_000,
        interval: 10,
      },
    )
    .toBe(1);
  child.kill('SIGKILL');
  await new Promise((r) => child?.once('exit', r));
  child = undefined;

  await expireOrphanedJobs();
  worker = await startWorker({ databaseUrl: t.url, schedules: false });

  // The DingTalk instance is started exactly once, with the mapped form, and linked to the run.
  const link = await expect
    .poll(
      async () =>
        (await t.db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.runId, runId)))[0],
      { timeout: 30_000 },
    )
    .toBeDefined()
    .then(
      async () =>
        (await t.db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.runId, runId)))[0]!,
    );
  const started = sandbox.control.listInstances({ processCode: TEST_PROCESS_CODE });
  expect(started).toHaveLength(1);
  expect(started[0]).toMatchObject({ processInstanceId: link.dingtalkInstanceId, originatorUserId: 'u1' });
  expect(started[0]?.formComponentValues).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: '采购事由', value: '服务器扩容' }),
      expect.objectContaining({ name: '金额（元）', value: '5000.00' }),
    ]),
  );
  // Both 会签 items were completed in DingTalk 待办.
  await expect
    .poll(() => sandbox.control.todos().filter((x) => (x as { done: boolean }).done).length, {
      timeout: 20_000,
    })
    .toBe(2);

  // u3 approves in DingTalk; the finish event is then delivered twice more.
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select()
            .from(processInstances)
            .where(eq(processInstances.externalId, link.dingtalkInstanceId))
        ).length,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
  sandbox.control.act(link.dingtalkInstanceId, { userId: 'u3', action: 'agree', remark: '钉钉侧同意' });
  await expect
    .poll(async () => (await pendingTaskOf(instanceId, 'u5'))?.node, { timeout: 30_000 })
    .toBe('财务复核');
  for (const e of sandbox.control
    .events({ processInstanceId: link.dingtalkInstanceId })
    .filter((x) => x.eventType === 'bpms_instance_change'))
    for (let i = 0; i < 2; i++) sandbox.control.redeliverEvent(e.eventId);
  await sandbox.control.waitForIdle();

  // The webhook was called, signed, and the connect action invoked with the filled-in input.
  expect(hooks.length).toBeGreaterThanOrEqual(1);
  const delivery = hooks[0]!;
  expect(new Set(hooks.map((h) => h.headers['x-huiban-delivery'])).size).toBe(1);
  expect(delivery.headers['x-tenant']).toBe('acme');
  // Wire format (docs/local-workflows.md): a millisecond timestamp, and the signature over "<timestamp>.<body>".
  const timestamp = String(delivery.headers[TIMESTAMP_HEADER]);
  expect(timestamp).toMatch(/^\d{13}$/);
  expect(
    verifySignature(
      'whsec_test_local_workflows',
      `${timestamp}.${delivery.body}`,
      delivery.headers[SIGNATURE_HEADER] as string,
    ),
  ).toBe(true);
  expect(JSON.parse(delivery.body)).toMatchObject({
    runId,
    values: { reason: '服务器扩容', amount: '5000' },
  });
  expect(sandbox.control.connectInvocations().map((i) => i.input)).toEqual([
    { title: '采购：服务器扩容', amount: 5000, reference: runId },
  ]);

  await actOnTask(t.db, who('u5'), { taskId: (await pendingTaskOf(instanceId, 'u5'))!.id, action: 'agree' });
  await expect
    .poll(async () => (await instanceRow(instanceId))?.status, { timeout: 20_000 })
    .toBe('completed');
  expect((await instanceRow(instanceId))?.result).toBe('agree');

  // No step doubled: three approval tasks, one resume, one of each log entry.
  expect((await localTasks(instanceId)).map((x) => `${x.node}:${x.status}:${x.result}`)).toEqual([
    '部门会签:done:agree',
    '部门会签:done:agree',
    '财务复核:done:agree',
  ]);
  const logs = await t.db
    .select({ action: processLogs.action, remark: processLogs.remark })
    .from(processLogs)
    .where(eq(processLogs.instanceId, instanceId))
    .orderBy(processLogs.occurredAt, processLogs.externalRecordId);
  expect(logs.map((l) => l.action)).toEqual([
    'start',
    'agree',
    'agree',
    'dingtalk',
    'comment',
    'dingtalk',
    'automation',
    'automation',
    'agree',
    'finish',
  ]);
  expect(logs.find((l) => l.action === 'comment')?.remark).toBe('钉钉侧同意');
  const resumes = await t.db.execute(
    sql.raw(`SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE name = 'resume-local-step'`),
  );
  expect(resumes[0]?.n).toBe(1);
  expect(sandbox.control.listInstances({ processCode: TEST_PROCESS_CODE })).toHaveLength(1);

  // Mirrored 待办: one per approval task, all done, and none came back into Huiban as a task.
  await expect
    .poll(() => (sandbox.control.todos() as { done: boolean }[]).filter((x) => x.done).length, {
      timeout: 20_000,
    })
    .toBe(3);
  const todos = sandbox.control.todos() as { sourceId: string; done: boolean }[];
  expect(todos).toHaveLength(3);
  expect(todos.every((x) => x.sourceId.startsWith(`huiban:local:${runId}:`))).toBe(true);
  const todoEvents = await t.db
    .select()
    .from(inboundEvents)
    .where(sql`${inboundEvents.type} like 'todo_task_%'`);
  expect(todoEvents.length).toBeGreaterThan(0);
  const dingtalkTasks = await t.db
    .select({ kind: tasks.kind, ext: tasks.assigneeExternalId })
    .from(tasks)
    .where(eq(tasks.connectorId, dingtalkId));
  // Only the DingTalk approval's own item (u3): the 待办 never became tasks.
  expect(dingtalkTasks).toEqual([{ kind: 'approval', ext: 'u3' }]);
}, 180_000); // A worker child process is started, killed and replaced: minutes on a loaded 2-core machine.

test('a DingTalk refusal refuses the local instance; an admin can cancel a running one (audited)', async () => {
  const { instanceId } = await startLocalInstance(t.db, who('u1'), {
    definitionId,
    values: { reason: '显示器', amount: 300 },
  });
  // The else branch: u2 alone.
  await actOnTask(t.db, who('u2'), { taskId: (await pendingTaskOf(instanceId, 'u2'))!.id, action: 'agree' });
  const runId = (await instanceRow(instanceId))!.externalId;
  const link = await expect
    .poll(
      async () =>
        (await t.db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.runId, runId))).length,
      { timeout: 30_000 },
    )
    .toBe(1)
    .then(
      async () =>
        (await t.db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.runId, runId)))[0]!,
    );
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select()
            .from(processInstances)
            .where(eq(processInstances.externalId, link.dingtalkInstanceId))
        ).length,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
  sandbox.control.act(link.dingtalkInstanceId, { userId: 'u3', action: 'refuse', remark: '预算已用完' });
  await expect.poll(async () => (await instanceRow(instanceId))?.result, { timeout: 30_000 }).toBe('refuse');

  const second = await startLocalInstance(t.db, who('u1'), {
    definitionId,
    values: { reason: '键盘', amount: 200 },
  });
  await expect(
    cancelLocalInstanceAsAdmin(t.db, who('u2'), { instanceId: second.instanceId, reason: 'x' }),
  ).rejects.toMatchObject({
    code: 'forbidden',
  });
  await cancelLocalInstanceAsAdmin(t.db, who('boss'), { instanceId: second.instanceId, reason: '重复提交' });
  expect(await instanceRow(second.instanceId)).toMatchObject({ status: 'cancelled' });
  expect((await localTasks(second.instanceId)).map((x) => x.status)).toEqual(['cancelled']);
  await expect(
    cancelLocalInstanceAsAdmin(t.db, who('boss'), { instanceId: second.instanceId, reason: '再次' }),
  ).rejects.toMatchObject({ code: 'conflict' });
  const audit = await t.db.execute(
    sql`select action, details from audit_log where target_id = ${second.instanceId}`,
  );
  expect(audit).toEqual([{ action: 'local_instance.cancel', details: { reason: '重复提交' } }]);
});

test('crash between "start DingTalk instance" and recording it: the retry adopts that instance instead of starting another', async () => {
  // No worker: this test drives the effect job by hand.
  await worker?.stop();
  worker = undefined;
  const body: WorkflowBody = {
    form: {
      fields: [
        { key: 'reason', label: '采购事由', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'money', required: true },
      ],
    },
    steps: [
      {
        id: 'dt',
        name: '钉钉采购审批',
        kind: 'dingtalkApproval',
        connectorId: dingtalkId,
        processCode: TEST_PROCESS_CODE,
        fieldMap: [
          { fieldKey: 'reason', componentName: '采购事由' },
          { fieldKey: 'amount', componentName: '金额（元）' },
        ],
      },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'adopt', name: '采购直通', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  await t.db.insert(workflowVersions).values({
    definitionId: def!.id,
    version: 1,
    formSchema: body.form,
    steps: body.steps,
    options: body.options,
  });
  const { instanceId } = await startLocalInstance(t.db, who('u1'), {
    definitionId: def!.id,
    values: { reason: '网线 20 根', amount: 88 },
  });
  const runId = (await instanceRow(instanceId))!.externalId;
  const [effect] = await t.db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, runId), eq(localEffects.key, 'dingtalk:dt')));

  // The first attempt reached DingTalk, then the worker died before recording the answer.
  const connector = await unsafeLoadConnectorRuntime(t.db, dingtalkId);
  const lost = await startDingTalkInstance(dingtalkSettings(connector!), {
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    // The directory knows no department of u1 here: the step sends the root, as this lost call did.
    deptId: -1,
    formComponentValues: [
      { name: '采购事由', value: '网线 20 根' },
      { name: '金额（元）', value: '88.00' },
    ],
  });
  await t.db
    .update(localEffects)
    .set({ status: 'calling', attempts: 1 })
    .where(eq(localEffects.id, effect!.id));
  // …and DingTalk finished that instance (applied in Huiban) before the link existed.
  sandbox.control.act(lost, { userId: 'u3', action: 'agree', remark: '秒批' });
  await refreshInstance(t.db, connector!, lost, { log });
  expect(
    (await t.db.select().from(processInstances).where(eq(processInstances.externalId, lost)))[0]?.status,
  ).toBe('completed');
  const before = sandbox.control.listInstances({ processCode: TEST_PROCESS_CODE }).length;

  expect(await runLocalEffect(t.db, effect!.id, { log, isFinalAttempt: false })).toBe('done');
  expect(sandbox.control.listInstances({ processCode: TEST_PROCESS_CODE })).toHaveLength(before);
  const [link] = await t.db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.runId, runId));
  expect(link?.dingtalkInstanceId).toBe(lost);
  // Running it again (a duplicate job) does nothing.
  expect(await runLocalEffect(t.db, effect!.id, { log, isFinalAttempt: false })).toBe('skipped');
  // Recording the link found the instance already final: the resume was enqueued then, and runs once.
  expect(link?.resumedAt).not.toBeNull();
  expect(await resumeLocalStep(t.db, link!.id)).toBe('resumed');
  expect(await resumeLocalStep(t.db, link!.id)).toBe('skipped');
  expect(await instanceRow(instanceId)).toMatchObject({ status: 'completed', result: 'agree' });
  const logs = await t.db.select().from(processLogs).where(eq(processLogs.instanceId, instanceId));
  expect(logs.filter((l) => l.action === 'dingtalk')).toHaveLength(2);
  expect(logs.find((l) => l.action === 'comment')?.remark).toBe('秒批');
});

test('admin connect-actions API: connectors and actions of the org, an action input schema, 4004 → 404', async () => {
  const admin = who('boss');
  const catalog = await listConnectActionsAsAdmin(t.db, admin, { connectorId: dingtalkId });
  expect(catalog).toEqual({
    // Flat, with each action's input schema: what the designer's picker renders.
    items: [
      expect.objectContaining({
        integrationConnectorId: 'G-CONN-SANDBOX-FINANCE',
        connectorName: '财务系统',
        actionId: 'G-ACT-CREATE-VOUCHER',
        name: '创建报销凭证',
        authorized: true,
        inputSchema: expect.objectContaining({ type: 'object', required: ['title', 'amount'] }),
      }),
      expect.objectContaining({ actionId: 'G-ACT-SYNC-HR', authorized: false }),
    ],
    connectors: [
      {
        id: 'G-CONN-SANDBOX-FINANCE',
        name: '财务系统',
        description: expect.any(String),
        actions: [
          expect.objectContaining({ id: 'G-ACT-CREATE-VOUCHER', name: '创建报销凭证', authorized: true }),
          expect.objectContaining({
            id: 'G-ACT-SYNC-HR',
            authorized: false,
            authorityUrl: expect.stringContaining('dingtalk://'),
          }),
        ],
      },
    ],
  });
  const detail = await listConnectActionsAsAdmin(t.db, admin, {
    connectorId: dingtalkId,
    actionId: 'G-ACT-CREATE-VOUCHER',
  });
  expect(detail).toMatchObject({
    action: { id: 'G-ACT-CREATE-VOUCHER', inputSchema: { type: 'object', required: ['title', 'amount'] } },
  });
  await expect(
    listConnectActionsAsAdmin(t.db, admin, { connectorId: dingtalkId, actionId: 'G-ACT-NOPE' }),
  ).rejects.toMatchObject({ code: 'not_found' });
  await expect(listConnectActionsAsAdmin(t.db, who('u1'), { connectorId: dingtalkId })).rejects.toMatchObject(
    {
      code: 'forbidden',
    },
  );
  // The sandbox's own errors: 4003 for an unauthorized action, 4001 for bad input.
  const s = dingtalkSettings((await unsafeLoadConnectorRuntime(t.db, dingtalkId))!);
  await expect(
    invokeConnectAction(s, {
      connectAssetUri: connectAssetUriOf(TEST_CORP_ID, 'G-ACT-SYNC-HR'),
      instanceKey: 'k1',
      input: { employeeId: '1' },
    }),
  ).rejects.toMatchObject({ sourceCode: '4003', retryable: false });
  await expect(
    invokeConnectAction(s, {
      connectAssetUri: connectAssetUriOf(TEST_CORP_ID, 'G-ACT-CREATE-VOUCHER'),
      instanceKey: 'k2',
      input: { title: 'x' },
    }),
  ).rejects.toMatchObject({ sourceCode: '4001', retryable: false });
});

test('automation failure policy: throttling/5xx retry, a refusal (4003) stops the instance as errored with a log entry', async () => {
  const body: WorkflowBody = {
    form: { fields: [{ key: 'who', label: '员工编号', type: 'text', required: true }] },
    steps: [
      {
        id: 'sync',
        name: '同步档案',
        kind: 'automation',
        action: {
          type: 'connectAction',
          connectorId: dingtalkId,
          integrationConnectorId: 'G-CONN-SANDBOX-FINANCE',
          actionId: 'G-ACT-SYNC-HR',
          input: { employeeId: '{{form.who}}' },
        },
      },
      {
        id: 'voucher',
        name: '生成凭证',
        kind: 'automation',
        action: {
          type: 'connectAction',
          connectorId: dingtalkId,
          integrationConnectorId: 'G-CONN-SANDBOX-FINANCE',
          actionId: 'G-ACT-CREATE-VOUCHER',
          input: { title: '入职 {{form.who}}', amount: 0 },
        },
      },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
  const defs = [];
  for (const [key, steps] of [
    ['ok-after-retry', [body.steps[1]!]],
    ['refused', [body.steps[0]!]],
  ] as const) {
    const [def] = await t.db
      .insert(workflowDefinitions)
      .values({ key, name: key, publishedVersion: 1 })
      .returning({ id: workflowDefinitions.id });
    await t.db
      .insert(workflowVersions)
      .values({ definitionId: def!.id, version: 1, formSchema: body.form, steps, options: body.options });
    defs.push(def!.id);
  }
  const effectOf = async (instanceId: string) => {
    const runId = (await instanceRow(instanceId))!.externalId;
    return (await t.db.select().from(localEffects).where(eq(localEffects.runId, runId)))[0]!;
  };

  // A 5xx is retried: the first attempt throws (pg-boss retries it), the next one succeeds.
  const ok = await startLocalInstance(t.db, who('u1'), { definitionId: defs[0]!, values: { who: 'E001' } });
  sandbox.control.failConnectInvokes(1);
  const effect = await effectOf(ok.instanceId);
  await expect(runLocalEffect(t.db, effect.id, { log, isFinalAttempt: false })).rejects.toMatchObject({
    retryable: true,
  });
  expect((await effectOf(ok.instanceId)).lastError).toMatch(/systemError/);
  expect(await runLocalEffect(t.db, effect.id, { log, isFinalAttempt: false })).toBe('done');
  expect(await instanceRow(ok.instanceId)).toMatchObject({ status: 'completed', result: 'agree' });

  // 4003 (not authorized) cannot succeed by retrying: the instance stops, the log says why.
  const refused = await startLocalInstance(t.db, who('u1'), {
    definitionId: defs[1]!,
    values: { who: 'E002' },
  });
  const failing = await effectOf(refused.instanceId);
  expect(await runLocalEffect(t.db, failing.id, { log, isFinalAttempt: false })).toBe('failed');
  expect(await instanceRow(refused.instanceId)).toMatchObject({ status: 'terminated', result: null });
  const logs = await t.db.select().from(processLogs).where(eq(processLogs.instanceId, refused.instanceId));
  expect(logs.find((l) => l.action === 'error')?.remark).toMatch(/4003/);
  expect((await effectOf(refused.instanceId)).status).toBe('failed');
});
