import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, identities, inboundEvents, processInstances, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import { forceReassignTaskAsAdmin } from '@/lib/tasks/actions/force-reassign-task-as-admin';
import { listTasksAsAdmin } from '@/lib/tasks/list-tasks-as-admin';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { getAdminOperationAsAdmin, startAdminOperationAsAdmin } from './admin-operations';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let connectorId: string;
let ids: Record<string, string>;
let admin: { userId: string; name: string; isAdmin: true };

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
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
  await createUser(t.db, {
    username: 'ops-admin',
    name: '运维管理员',
    password: 'test-password-1',
    role: 'admin',
  });
  admin = { userId: await adminId(), name: '运维管理员', isAdmin: true };
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

async function adminId(): Promise<string> {
  const rows = await t.db.execute(sql`SELECT id FROM users WHERE username = 'ops-admin'`);
  return (rows as unknown as { id: string }[])[0]!.id;
}

function start(form = '笔记本电脑', approvers = ['u2', 'u3']) {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: approvers.map((u) => ({ actionType: 'NONE' as const, userIds: [u] })),
    ccUserIds: ['u4'],
    form: { 采购事由: form, '金额（元）': '8000' },
  });
  return started.processInstanceId as string;
}

/**
 * The rows an instance's events produce, without ids or bookkeeping times: what a replay must reproduce.
 * `source_updated_at` is left out: for DingTalk (whose API gives no modification time) it is the fetch time.
 */
async function snapshotTables() {
  const instances = await t.db.execute(sql`
    SELECT external_id, process_code, title, status, result, originator_external_id, form_values, summary,
      source_created_at, source_finished_at
    FROM process_instances WHERE connector_id = ${connectorId} ORDER BY external_id`);
  const taskRows = await t.db.execute(sql`
    SELECT i.external_id, t.external_task_id, t.kind, t.assignee_external_id, t.assignee_user_id, t.status,
      t.result, t.node_name, t.received_at, t.finished_at, t.acted_at, t.read_at, t.search_text
    FROM tasks t JOIN process_instances i ON i.id = t.instance_id
    WHERE t.connector_id = ${connectorId} ORDER BY i.external_id, t.external_task_id`);
  const logs = await t.db.execute(sql`
    SELECT i.external_id, l.* FROM process_logs l JOIN process_instances i ON i.id = l.instance_id
    WHERE i.connector_id = ${connectorId} ORDER BY i.external_id, l.occurred_at, l.id`);
  const strip = (rows: unknown) =>
    (rows as Record<string, unknown>[]).map(
      ({ id: _id, created_at: _c, updated_at: _u, source_updated_at: _s, ...rest }) => rest,
    );
  return { instances: strip(instances), tasks: strip(taskRows), logs: strip(logs) };
}

async function eventStatuses() {
  return t.db
    .select({ status: inboundEvents.status, n: sql<number>`count(*)::int` })
    .from(inboundEvents)
    .where(eq(inboundEvents.connectorId, connectorId))
    .groupBy(inboundEvents.status)
    .orderBy(asc(inboundEvents.status));
}

async function openEvents() {
  const [row] = await t.db.execute(
    sql`SELECT count(*)::int AS n FROM inbound_events WHERE connector_id = ${connectorId} AND status IN ('received', 'processing', 'failed')`,
  );
  return Number((row as { n: number }).n);
}

/** Identity resolution runs as its own job once a new assignee appears; it may still be linking tasks. */
async function openIdentityJobs() {
  const [row] = await t.db.execute(
    sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'resolve-identity' AND state IN ('created', 'retry', 'active')`,
  );
  return Number((row as { n: number }).n);
}

async function tasksOf(externalId: string) {
  const rows = await t.db
    .select({ kind: tasks.kind, assignee: tasks.assigneeExternalId, status: tasks.status })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)))
    .orderBy(tasks.kind, tasks.assigneeExternalId, tasks.externalTaskId);
  return rows.map((r) => `${r.kind}:${r.assignee}:${r.status}`);
}

async function runToEnd(kind: 'replay' | 'resync', params: Record<string, unknown>) {
  const op = await startAdminOperationAsAdmin(t.db, admin, { kind, params } as never);
  expect(op.status).toBe('queued');
  const progress: number[] = [];
  await expect
    .poll(
      async () => {
        const now = await getAdminOperationAsAdmin(t.db, admin, op.id);
        progress.push(now.done);
        return now.status;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe('done');
  return getAdminOperationAsAdmin(t.db, admin, op.id);
}

test('replaying dead letters repairs the rows, and replaying the whole log changes nothing (idempotency)', async () => {
  // Real traffic through the sandbox: one instance approved at step 1, one refused, one untouched.
  const a = start('显示器');
  const b = start('服务器');
  const c = start('键盘');
  await expect.poll(() => tasksOf(a), { timeout: 20_000 }).toContain('approval:u2:pending');
  await expect.poll(() => tasksOf(b), { timeout: 20_000 }).toContain('approval:u2:pending');
  sandbox.control.act(a, { userId: 'u2', action: 'agree', remark: '同意' });
  sandbox.control.act(b, { userId: 'u2', action: 'refuse', remark: '预算不足' });
  await expect.poll(() => tasksOf(a), { timeout: 20_000 }).toContain('approval:u3:pending');
  await expect.poll(() => tasksOf(b), { timeout: 20_000 }).toContain('approval:u2:done');
  await expect.poll(() => tasksOf(c), { timeout: 20_000 }).toContain('approval:u2:pending');

  // The org's API quota runs out while the next events arrive: their processing fails for good (dead).
  sandbox.control.failNextCalls({ kind: 'quota', count: 100, api: 'processInstances' });
  sandbox.control.act(c, { userId: 'u2', action: 'agree' });
  const d = start('鼠标');
  await expect
    .poll(async () => (await eventStatuses()).find((s) => s.status === 'dead')?.n ?? 0, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2);
  await expect.poll(openEvents, { timeout: 20_000 }).toBe(0);
  expect(await tasksOf(d)).toEqual([]);
  expect(await tasksOf(c)).toContain('approval:u2:pending');
  sandbox.control.clearFaults();

  const replayed = await runToEnd('replay', { filter: { status: 'dead' } });
  expect(replayed.total).toBeGreaterThanOrEqual(2);
  expect(replayed.done).toBe(replayed.total);
  expect(replayed.failed).toBe(0);
  expect(replayed.result).toMatchObject({ failed: 0 });
  expect(await tasksOf(d)).toEqual(['approval:u2:pending', 'cc:u4:done']);
  expect(await tasksOf(c)).toEqual(['approval:u2:done', 'approval:u3:pending', 'cc:u4:done']);
  expect((await eventStatuses()).map((s) => s.status)).toEqual(['processed']);

  // The whole log again: the same rows, to the column (once identity resolution has linked what it will, or it
  // would link a task between the two snapshots).
  await expect.poll(openIdentityJobs, { timeout: 20_000 }).toBe(0);
  const before = await snapshotTables();
  expect(before.instances).toHaveLength(4);
  const all = await runToEnd('replay', { filter: {} });
  const [{ n: eventCount } = { n: 0 }] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboundEvents)
    .where(eq(inboundEvents.connectorId, connectorId));
  expect(all.total).toBe(eventCount);
  expect(all.result).toMatchObject({ events: eventCount, failed: 0 });
  expect(await snapshotTables()).toEqual(before);
  expect((await eventStatuses()).map((s) => s.status)).toEqual(['processed']);

  // One event by id, twice: still the same rows.
  const [one] = await t.db.select({ id: inboundEvents.id }).from(inboundEvents).limit(1);
  await runToEnd('replay', { eventIds: [one!.id] });
  await runToEnd('replay', { eventIds: [one!.id] });
  expect(await snapshotTables()).toEqual(before);

  // Each operation was audited as the admin.
  const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, 'operation.replay'));
  expect(audited).toHaveLength(4);
  expect(audited[0]?.actorUserId).toBe(admin.userId);
}, 120_000);

test('resync of one instance repairs a change the source made without an event', async () => {
  const id = start('投影仪', ['u2']);
  await expect.poll(() => tasksOf(id), { timeout: 20_000 }).toContain('approval:u2:pending');
  await sandbox.control.waitForIdle();
  // Every delivery is lost: the approval at DingTalk never reaches Huiban.
  sandbox.control.setDeliveryFaults({ dropPercent: 100 });
  sandbox.control.act(id, { userId: 'u2', action: 'agree' });
  await new Promise((r) => setTimeout(r, 1500));
  expect(await tasksOf(id)).toContain('approval:u2:pending');

  const op = await runToEnd('resync', { connectorId, instanceExternalId: id });
  expect(op).toMatchObject({ total: 1, done: 1, failed: 0, result: { checked: 1, repaired: 1, errors: 0 } });
  expect(await tasksOf(id)).toContain('approval:u2:done');
  const [instance] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  expect(instance).toMatchObject({ status: 'completed', result: 'agree' });

  // Again: nothing left to repair.
  const again = await runToEnd('resync', { connectorId, instanceExternalId: id });
  expect(again.result).toMatchObject({ checked: 1, repaired: 0, unchanged: 1 });
  sandbox.control.clearFaults();
}, 120_000);

test('resync of a time window repairs changed instances and creates missed ones', async () => {
  sandbox.control.setDeliveryFaults({ dropPercent: 100 });
  const changed = start('白板', ['u3']);
  const missed = start('椅子', ['u2']);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await tasksOf(missed)).toEqual([]);
  sandbox.control.act(changed, { userId: 'u3', action: 'refuse', remark: '不需要' });

  const since = new Date(Date.now() - 3600_000).toISOString();
  const until = new Date(Date.now() + 60_000).toISOString();
  const op = await runToEnd('resync', { connectorId, since, until });
  expect(op.status).toBe('done');
  expect(op.result).toMatchObject({ errors: 0 });
  expect((op.result as { created: number }).created).toBeGreaterThanOrEqual(2);
  expect(op.done).toBe(op.total);
  expect(await tasksOf(missed)).toEqual(['approval:u2:pending', 'cc:u4:done']);
  expect(await tasksOf(changed)).toEqual(['approval:u3:done', 'cc:u4:done']);
  sandbox.control.clearFaults();
}, 120_000);

test('a resync with bad params is refused before anything is queued', async () => {
  const { resyncParamsSchema } = await import('./operation-input');
  expect(resyncParamsSchema.safeParse({ connectorId }).success).toBe(false);
  expect(
    resyncParamsSchema.safeParse({ connectorId, since: '2026-01-01', until: '2026-12-31' }).success,
  ).toBe(false);
  await expect(
    startAdminOperationAsAdmin(t.db, admin, {
      kind: 'resync',
      params: { connectorId: '00000000-0000-4000-8000-000000000000', instanceExternalId: 'x' },
    }),
  ).rejects.toMatchObject({ code: 'not_found' });
}, 120_000);

test('force-reassign transfers the task at DingTalk in the assignee’s name and is audited', async () => {
  const id = start('打印机', ['u2']);
  await expect.poll(() => tasksOf(id), { timeout: 20_000 }).toContain('approval:u2:pending');
  const [task] = await t.db
    .select({ id: tasks.id, assigneeUserId: tasks.assigneeUserId })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(and(eq(processInstances.externalId, id), eq(tasks.kind, 'approval'), eq(tasks.status, 'pending')));
  await expect
    .poll(async () => (await t.db.select().from(tasks).where(eq(tasks.id, task!.id)))[0]?.assigneeUserId, {
      timeout: 20_000,
    })
    .toBe(ids.u2);
  await t.db
    .insert(identities)
    .values({ connectorId, externalUserId: 'u3', userId: ids.u3!, matchedBy: 'manual' })
    .onConflictDoNothing();

  // An employee cannot; a reason is required by the API schema; the assignee cannot be the target.
  await expect(
    forceReassignTaskAsAdmin(
      t.db,
      { userId: ids.u1!, name: 'u1', isAdmin: false },
      {
        taskId: task!.id,
        targetUserId: ids.u3!,
        reason: 'x',
      },
    ),
  ).rejects.toMatchObject({ code: 'forbidden' });
  await expect(
    forceReassignTaskAsAdmin(t.db, admin, { taskId: task!.id, targetUserId: ids.u2!, reason: '休假' }),
  ).rejects.toMatchObject({ code: 'validation_failed' });

  const { actionId } = await forceReassignTaskAsAdmin(
    t.db,
    admin,
    { taskId: task!.id, targetUserId: ids.u3!, reason: 'u2 休产假' },
    { ip: '10.0.0.8', userAgent: 'vitest' },
  );
  await expect
    .poll(
      async () =>
        (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0]?.writeBackStatus,
      { timeout: 20_000 },
    )
    .toBe('confirmed');
  const atSource = sandbox.control.getInstance(id) as { tasks: { userId: string; status: string }[] };
  expect(atSource.tasks.map((x) => `${x.userId}:${x.status}`)).toContain('u3:RUNNING');
  await expect.poll(() => tasksOf(id), { timeout: 20_000 }).toContain('approval:u3:pending');

  // The admin task view finds it under its new assignee; an employee cannot list everyone's tasks.
  const listed = await listTasksAsAdmin(t.db, admin, {
    assignee: ids.u3!,
    status: 'pending',
    q: '打印机',
    page: 1,
    pageSize: 50,
  });
  expect(listed.items.map((x) => x.assigneeName)).toEqual(['u3']);
  expect(listed.total).toBe(1);
  await expect(
    listTasksAsAdmin(t.db, { userId: ids.u1!, name: 'u1', isAdmin: false }, { page: 1, pageSize: 50 }),
  ).rejects.toMatchObject({ code: 'forbidden' });

  const [action] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  expect(action).toMatchObject({ userId: ids.u2, action: 'transfer', remark: 'u2 休产假' });
  const [audit] = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'task.force_reassign'), eq(auditLog.targetId, task!.id)));
  expect(audit).toMatchObject({
    actorUserId: admin.userId,
    onBehalfOfUserId: ids.u2,
    targetType: 'task',
    ip: '10.0.0.8',
    details: expect.objectContaining({ remark: 'u2 休产假', targetUserId: ids.u3, actionId }),
  });
}, 120_000);
