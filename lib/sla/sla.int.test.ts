import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  auditLog,
  calendarDays,
  connectors,
  identities,
  processInstances,
  processLogs,
  slaEscalations,
  taskActions,
  tasks,
  users,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import type { WorkflowBody } from '@/lib/connectors/local/definition-schema';
import { ensureLocalConnector } from '@/lib/connectors/local/local-connector';
import { startLocalInstance } from '@/lib/connectors/local/start-local-instance';
import { AppError } from '@/lib/errors';
import { saveProcessSettingAsAdmin } from '@/lib/operations/process-settings';
import { refreshInstance } from '@/lib/sync/refresh-instance';
import { writeBackAction } from '@/lib/sync/write-back-action';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { localDate } from './business-calendar';
import {
  getCalendarAsAdmin,
  importCalendarDaysAsAdmin,
  removeCalendarDayAsAdmin,
} from './calendar/calendar-admin';
import { recomputeDueDates } from './due/recompute-due-dates';
import { scanSlaEscalations } from './escalation/scan-sla-escalations';

/**
 * The SLA model against PostgreSQL and the DingTalk sandbox (docs/sla.md): due dates across holidays and a 调休
 * Saturday for a DingTalk task and a local task, the reminder at 80 %, the manager's notice when overdue (each
 * once when the scan runs twice or concurrently), "not notified" for people without a DingTalk account, and the
 * transfer to the manager after the further period. The calendar is laid out relative to today, so the test
 * holds on any date: every day from today up to the next-but-one Saturday is a public holiday, and that
 * Saturday is a make-up working day — whatever arrives now falls due on that Saturday.
 */

const log = pino({ level: 'silent' });
let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let saturday: string;
const admin = () => ({ userId: ids.boss as string, name: 'boss', isAdmin: true });
/** Shanghai wall time on a date. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function body(assignee: string, stepSla?: { amount: number; unit: 'hours' | 'days' }): WorkflowBody {
  return {
    form: { fields: [{ key: 'reason', label: '事由', type: 'text', required: true }] },
    steps: [
      {
        id: 'review',
        name: '审核',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'users', userIds: [ids[assignee] as string] },
        ...(stepSla ? { sla: stepSla } : {}),
      },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
}

async function createDefinition(key: string, b: WorkflowBody): Promise<string> {
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key, name: key, publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  await t.db
    .insert(workflowVersions)
    .values({ definitionId: def!.id, version: 1, formSchema: b.form, steps: b.steps, options: b.options });
  return def!.id;
}

async function pendingTaskOf(instanceId: string) {
  const [task] = await t.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.instanceId, instanceId), eq(tasks.status, 'pending')));
  return task;
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['emp', 'lead', 'fin', 'boss'].map((u) => ({ username: u, name: u, email: `${u}@t.example` })),
  );
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  await t.db.update(users).set({ managerId: ids.boss }).where(eq(users.id, ids.lead!));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
    config: { processCodes: [TEST_PROCESS_CODE], agentId: TEST_APP.agentId },
  }));
  // lead ↔ DingTalk u2 and boss ↔ u3 (what the directory sync links); fin has no DingTalk account.
  await t.db.insert(identities).values([
    { connectorId: dingtalkId, externalUserId: 'u2', userId: ids.lead, name: '李二', matchedBy: 'email' },
    { connectorId: dingtalkId, externalUserId: 'u3', userId: ids.boss, name: '王三', matchedBy: 'email' },
  ]);

  // Today … the Saturday after next-but-one: holidays; that Saturday: a make-up working day (调休).
  const today = localDate(new Date(), 'Asia/Shanghai');
  saturday = addDays(today, 2);
  while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
  const lines: string[] = [];
  for (let d = today; d < saturday; d = addDays(d, 1)) lines.push(`${d} holiday 假期`);
  lines.push(`${saturday} 调休 补班`);
  const imported = await importCalendarDaysAsAdmin(t.db, admin(), { text: lines.join('\n') });
  expect(imported.imported).toBe(lines.length);
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
  await sandbox?.close();
});

test('calendar import: listed dates are stored and audited; bad lines change nothing (400 naming them); remove', async () => {
  const view = await getCalendarAsAdmin(t.db, admin());
  expect(view.days.find((d) => d.date === saturday)).toEqual({
    date: saturday,
    kind: 'workday',
    name: '补班',
  });
  expect(view.week).toEqual({
    workdays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '18:00',
    lunchStart: '12:00',
    lunchEnd: '13:00',
  });
  const before = await t.db.select().from(calendarDays);
  const bad = await importCalendarDaysAsAdmin(t.db, admin(), {
    text: '2030-01-01 holiday\n2030-13-01 holiday',
  }).catch((e: unknown) => e);
  expect(bad).toBeInstanceOf(AppError);
  expect((bad as AppError).issues?.map((i) => i.path)).toEqual(['line 2']);
  expect(await t.db.select().from(calendarDays)).toHaveLength(before.length);

  await importCalendarDaysAsAdmin(t.db, admin(), { text: '2030-01-01,holiday,元旦' });
  await removeCalendarDayAsAdmin(t.db, admin(), '2030-01-01');
  await expect(removeCalendarDayAsAdmin(t.db, admin(), '2030-01-01')).rejects.toMatchObject({
    code: 'not_found',
  });
  const audit = await t.db.select({ action: auditLog.action }).from(auditLog);
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['calendar.import', 'calendar.remove']));
  // An employee cannot read or change it.
  const emp = { userId: ids.emp as string, name: 'emp', isAdmin: false };
  await expect(getCalendarAsAdmin(t.db, emp)).rejects.toMatchObject({ code: 'forbidden' });
});

test('a DingTalk task gets its due date from the process SLA, across the holidays, on the 调休 Saturday', async () => {
  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId: dingtalkId,
    processCode: TEST_PROCESS_CODE,
    sla: { amount: 1, unit: 'days', remindAtPercent: null },
  });
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
  });
  const connector = await unsafeLoadConnectorRuntime(t.db, dingtalkId);
  expect(
    await refreshInstance(t.db, connector!, processInstanceId as string, {
      log,
      processCode: TEST_PROCESS_CODE,
    }),
  ).toBe('applied');
  const [task] = await t.db
    .select({ dueAt: tasks.dueAt, dueSource: tasks.dueSource })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(eq(processInstances.externalId, processInstanceId as string));
  // Nothing is worked until the 调休 Saturday: one working day (8 h, lunch excluded) ends there at 18:00.
  expect(task).toEqual({ dueAt: at(saturday, '18:00'), dueSource: 'sla' });

  // A re-read keeps it; the process SLA changing moves it (the recompute job's work).
  await refreshInstance(t.db, connector!, processInstanceId as string, {
    log,
    processCode: TEST_PROCESS_CODE,
  });
  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId: dingtalkId,
    processCode: TEST_PROCESS_CODE,
    sla: { amount: 3, unit: 'hours', remindAtPercent: null },
  });
  const recomputed = await recomputeDueDates(t.db, {
    connectorId: dingtalkId,
    processCode: TEST_PROCESS_CODE,
  });
  expect(recomputed.changed).toBe(1);
  expect(
    (await recomputeDueDates(t.db, { connectorId: dingtalkId, processCode: TEST_PROCESS_CODE })).changed,
  ).toBe(0);
  const [moved] = await t.db
    .select({ dueAt: tasks.dueAt })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(eq(processInstances.externalId, processInstanceId as string));
  expect(moved?.dueAt).toEqual(at(saturday, '12:00'));
});

test('a local task: the step SLA wins over the process SLA; reminder at 80 %, manager notice when overdue, each once; transfer to the manager after the further period', async () => {
  const definitionId = await createDefinition('expense', body('lead', { amount: 2, unit: 'hours' }));
  const localId = await ensureLocalConnector(t.db);
  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId: localId!,
    processCode: 'expense',
    sla: {
      amount: 4,
      unit: 'hours',
      remindAtPercent: 80,
      notifyManagerWhenOverdue: true,
      afterOverdue: { action: 'transfer', amount: 1, unit: 'hours' },
    },
  });
  const emp = { userId: ids.emp as string, name: 'emp', isAdmin: false };
  const { instanceId } = await startLocalInstance(t.db, emp, { definitionId, values: { reason: '出差' } });
  const task = await pendingTaskOf(instanceId);
  // The step's 2 working hours from now (a holiday): the 调休 Saturday 09:00–11:00.
  expect(task?.dueAt).toEqual(at(saturday, '11:00'));
  expect(task?.dueSource).toBe('sla');

  // Before 80 % (1 h 36 min of 2 h = 10:36) nothing happens.
  expect((await scanSlaEscalations(t.db, { now: at(saturday, '10:30') })).claimed).toBe(0);
  // At 10:40 the reminder goes to lead (DingTalk u2) — once, with two scans at the same time and one after.
  const both = await Promise.all([
    scanSlaEscalations(t.db, { now: at(saturday, '10:40') }),
    scanSlaEscalations(t.db, { now: at(saturday, '10:40') }),
  ]);
  expect(both.map((r) => r.claimed).sort()).toEqual([0, 1]);
  expect((await scanSlaEscalations(t.db, { now: at(saturday, '10:50') })).claimed).toBe(0);
  const reminders = sandbox.control.notices({ userId: 'u2' });
  expect(reminders).toHaveLength(1);
  // The notice opens the task inside DingTalk (§10.1): the Huiban URL is encoded in a dingtalk:// link.
  expect(JSON.stringify(reminders[0])).toContain(encodeURIComponent(`/instances/${instanceId}`));

  // Overdue at 11:00: boss (lead's manager, DingTalk u3) is told, once.
  await scanSlaEscalations(t.db, { now: at(saturday, '11:05') });
  await scanSlaEscalations(t.db, { now: at(saturday, '11:06') });
  expect(sandbox.control.notices({ userId: 'u3' })).toHaveLength(1);
  expect(sandbox.control.notices({ userId: 'u2' })).toHaveLength(1);

  const steps = await t.db
    .select({
      stage: slaEscalations.stage,
      status: slaEscalations.status,
      recipient: slaEscalations.recipientUserId,
    })
    .from(slaEscalations)
    .where(eq(slaEscalations.taskId, task!.id));
  expect(steps.sort((a, b) => a.stage.localeCompare(b.stage))).toEqual([
    { stage: 'overdue', status: 'sent', recipient: ids.boss },
    { stage: 'remind', status: 'sent', recipient: ids.lead },
  ]);

  // Further period: 1 working hour after 11:00 is 12:00. At 11:50 nothing; at 12:30 the task goes to boss.
  expect((await scanSlaEscalations(t.db, { now: at(saturday, '11:50') })).claimed).toBe(0);
  const acted = await scanSlaEscalations(t.db, { now: at(saturday, '12:30') });
  expect(acted.done).toEqual({ acted: 1 });
  const [escalation] = await t.db
    .select({ status: slaEscalations.status })
    .from(slaEscalations)
    .where(and(eq(slaEscalations.taskId, task!.id), eq(slaEscalations.stage, 'act')));
  expect(escalation?.status).toBe('acted');
  // The transfer goes through the one action path: its write-back moves the local run to boss.
  const [action] = await t.db
    .select({ id: taskActions.id })
    .from(taskActions)
    .where(eq(taskActions.taskId, task!.id));
  expect(await writeBackAction(t.db, action!.id, { log, isFinalAttempt: true })).toBe('sent');
  const now = await t.db
    .select({ assignee: tasks.assigneeUserId, status: tasks.status })
    .from(tasks)
    .where(eq(tasks.instanceId, instanceId));
  expect(now).toEqual(expect.arrayContaining([{ assignee: ids.boss, status: 'pending' }]));
  expect(now.find((r) => r.assignee === ids.lead)?.status).not.toBe('pending');

  // Every step is in the timeline (a Huiban step: no actor) and the audit log (no actor).
  const timeline = await t.db
    .select({ action: processLogs.action, actor: processLogs.actorUserId })
    .from(processLogs)
    .where(eq(processLogs.instanceId, instanceId));
  expect(
    timeline
      .filter((l) => l.action.startsWith('sla_'))
      .map((l) => l.action)
      .sort(),
  ).toEqual(['sla_overdue', 'sla_remind', 'sla_transfer']);
  expect(timeline.filter((l) => l.action.startsWith('sla_')).every((l) => l.actor === null)).toBe(true);
  const audit = await t.db
    .select({ action: auditLog.action, actor: auditLog.actorUserId })
    .from(auditLog)
    .where(eq(auditLog.targetId, task!.id));
  expect(
    audit
      .filter((a) => a.action.startsWith('sla.'))
      .map((a) => a.action)
      .sort(),
  ).toEqual(['sla.overdue', 'sla.remind', 'sla.transfer']);
});

test('people without a DingTalk account or a manager are recorded as not notified, with the reason', async () => {
  const definitionId = await createDefinition('travel', body('fin'));
  const localId = await ensureLocalConnector(t.db);
  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId: localId!,
    processCode: 'travel',
    sla: { amount: 1, unit: 'hours', remindAtPercent: 50, notifyManagerWhenOverdue: true },
  });
  const emp = { userId: ids.emp as string, name: 'emp', isAdmin: false };
  const { instanceId } = await startLocalInstance(t.db, emp, { definitionId, values: { reason: '差旅' } });
  const task = await pendingTaskOf(instanceId);
  expect(task?.dueAt).toEqual(at(saturday, '10:00'));
  await scanSlaEscalations(t.db, { now: at(saturday, '09:40') });
  await scanSlaEscalations(t.db, { now: at(saturday, '10:01') });
  const steps = await t.db
    .select({ stage: slaEscalations.stage, status: slaEscalations.status, detail: slaEscalations.detail })
    .from(slaEscalations)
    .where(eq(slaEscalations.taskId, task!.id));
  expect(steps.sort((a, b) => a.stage.localeCompare(b.stage))).toEqual([
    { stage: 'overdue', status: 'not_notified', detail: 'no_manager' },
    { stage: 'remind', status: 'not_notified', detail: 'no_dingtalk_account' },
  ]);
  const results = await t.db
    .select({ result: processLogs.result })
    .from(processLogs)
    .where(and(eq(processLogs.instanceId, instanceId), eq(processLogs.action, 'sla_remind')));
  expect(results).toEqual([{ result: 'not_notified:no_dingtalk_account' }]);

  // The inbox says how long past due in working time: 10:00 → 14:30 less the lunch hour = 3 h 30 min.
  const fin = { userId: ids.fin as string, name: 'fin', isAdmin: false };
  const page = await listInbox(t.db, fin, { view: 'pending', now: at(saturday, '14:30') });
  expect(page.items[0]?.isOverdue).toBe(true);
  expect(page.items[0]?.overdueBy).toEqual({ days: 0, hours: 3, minutes: 30 });
});

test('a due time the source sent wins over the process SLA, survives a snapshot without one and a recompute', async () => {
  const [api] = await t.db
    .insert(connectors)
    .values({ kind: 'api', name: 'OA', config: {} })
    .returning({ id: connectors.id });
  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId: api!.id,
    processCode: 'po',
    sla: { amount: 1, unit: 'hours', remindAtPercent: null },
  });
  const sent = new Date('2030-06-01T10:00:00Z');
  const snapshot = (dueAt: Date | null, updatedAt: string) => ({
    externalId: 'po-1',
    processCode: 'po',
    title: '采购单',
    status: 'running' as const,
    createdAt: new Date(),
    sourceUpdatedAt: new Date(updatedAt),
    taskScope: 'full' as const,
    formValues: [],
    logs: [],
    attachments: [],
    tasks: [
      {
        externalTaskId: 't1',
        kind: 'approval' as const,
        assigneeExternalId: 'x1',
        status: 'pending' as const,
        receivedAt: new Date(),
        dueAt,
      },
    ],
  });
  await applySnapshot(t.db, {
    connectorId: api!.id,
    source: 'api',
    snapshot: snapshot(sent, '2026-01-01T00:00:00Z'),
  });
  await applySnapshot(t.db, {
    connectorId: api!.id,
    source: 'api',
    snapshot: snapshot(null, '2026-01-02T00:00:00Z'),
  });
  await recomputeDueDates(t.db, { connectorId: api!.id, processCode: 'po' });
  const [task] = await t.db
    .select({ dueAt: tasks.dueAt, dueSource: tasks.dueSource })
    .from(tasks)
    .where(eq(tasks.connectorId, api!.id));
  expect(task).toEqual({ dueAt: sent, dueSource: 'source' });
});
