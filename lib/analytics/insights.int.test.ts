import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, tasks, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { saveProcessSettingAsAdmin } from '@/lib/operations/process-settings';
import { importCalendarDaysAsAdmin } from '@/lib/sla/calendar/calendar-admin';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createUsers } from '@/lib/testing/factories';
import { getInsightFigure } from './get-insight-figure';
import { grantInsightScopeAsAdmin } from './grants/grant-insight-scope';
import { listInsightGrantsAsAdmin } from './grants/list-insight-grants';
import { revokeInsightScopeAsAdmin } from './grants/revoke-insight-scope';
import { listInsightRequests } from './list-insight-requests';
import { refreshAnalytics } from './refresh-analytics';

/**
 * 分析 figures on a hand-checked fixture (docs/insights.md), Shanghai time, period 2026-11-10 … 11-20:
 *
 * 请假 LEAVE (SLA 1 working day; Thursday 11-12 is a holiday), originator s1 of 销售部, step 主管审批 by mgra:
 *   L1 Wed 11-11 10:00 → agreed Fri 11-13 09:30: wait = cycle = 47.5 h = 171000 s. Due: Wed 10:00–18:00 is
 *      7 working hours, the holiday skipped, the 8th hour ends Fri 10:00 → on time (it would be late without it).
 *   L2 Wed 11-11 10:00 → refused Fri 11-13 11:00: 49 h = 176400 s → late.
 *   L3 Wed 11-11 10:00, still pending → overdue now.
 * 报销 EXPENSE (no SLA), originator r1 of 研发部:
 *   E1 Mon 11-16 09:00: 部门审批 mgrb 1 h (3600), 财务审批 fin 4 h (14400), agreed 14:00 → cycle 18000.
 *   E2 Mon 11-16 09:00: 部门审批 mgrb transferred after 2 h (7200), 财务审批 fin 24 h (86400), agreed Tue 11:00
 *      → cycle 93600.
 *   E3 Tue 11-17 09:00, revoked 12:00 (its pending task cancelled).
 */

let t: TestDatabase;
let ids: Record<string, string>;
let connectorId: string;
const viewer = (u: string, isAdmin = false): Viewer => ({ userId: ids[u]!, name: u, isAdmin });
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const PERIOD = { from: '2026-11-10', to: '2026-11-20' };

function snapshot(
  externalId: string,
  processCode: string,
  originator: string,
  created: Date,
  end: { status: 'running' | 'completed' | 'terminated'; result?: 'agree' | 'refuse'; at?: Date },
  steps: {
    node: string;
    who: string;
    from: Date;
    to?: Date;
    result?: 'agree' | 'refuse' | 'redirect';
    status?: 'cancelled';
  }[],
): InstanceSnapshot {
  return {
    externalId,
    processCode,
    processName: processCode === 'LEAVE' ? '请假' : '报销',
    title: `${processCode} ${externalId}`,
    originator: { externalUserId: originator, name: originator },
    status: end.status,
    result: end.result ?? null,
    createdAt: created,
    finishedAt: end.at ?? null,
    sourceUpdatedAt: end.at ?? created,
    taskScope: 'full',
    tasks: steps.map((s, i) => ({
      externalTaskId: `${externalId}-${i}`,
      kind: 'approval',
      assigneeExternalId: s.who,
      status: s.status ?? (s.to ? 'done' : 'pending'),
      result: s.result ?? null,
      nodeName: s.node,
      receivedAt: s.from,
      finishedAt: s.to ?? null,
    })),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const people = ['boss', 'mgra', 'mgrb', 's1', 's2', 'r1', 'fin', 'ana', 'emp'];
  ids = await createUsers(
    t.db,
    people.map((u) => ({ username: u, name: u })),
  );
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  const directory: Record<string, { department: string; manager: string }> = {
    s1: { department: '销售部', manager: 'mgra' },
    s2: { department: '销售部', manager: 'mgra' },
    r1: { department: '研发部', manager: 'mgrb' },
    fin: { department: '财务部', manager: 'boss' },
  };
  for (const [u, d] of Object.entries(directory)) {
    await t.db
      .update(users)
      .set({ department: d.department, managerId: ids[d.manager] })
      .where(eq(users.id, ids[u]!));
  }
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name: 'erp' }).returning();
  connectorId = c!.id;
  await t.db
    .insert(identities)
    .values(people.map((u) => ({ connectorId, externalUserId: u, userId: ids[u]! })));
  await importCalendarDaysAsAdmin(t.db, viewer('boss', true), { text: '2026-11-12 holiday 假日' });
  await saveProcessSettingAsAdmin(t.db, viewer('boss', true), {
    connectorId,
    processCode: 'LEAVE',
    sla: { amount: 1, unit: 'days' },
  });

  const wed = '2026-11-11';
  const fri = '2026-11-13';
  const snaps = [
    snapshot(
      'L1',
      'LEAVE',
      's1',
      at(wed, '10:00'),
      { status: 'completed', result: 'agree', at: at(fri, '09:30') },
      [{ node: '主管审批', who: 'mgra', from: at(wed, '10:00'), to: at(fri, '09:30'), result: 'agree' }],
    ),
    snapshot(
      'L2',
      'LEAVE',
      's1',
      at(wed, '10:00'),
      { status: 'completed', result: 'refuse', at: at(fri, '11:00') },
      [{ node: '主管审批', who: 'mgra', from: at(wed, '10:00'), to: at(fri, '11:00'), result: 'refuse' }],
    ),
    snapshot('L3', 'LEAVE', 's1', at(wed, '10:00'), { status: 'running' }, [
      { node: '主管审批', who: 'mgra', from: at(wed, '10:00') },
    ]),
    snapshot(
      'E1',
      'EXPENSE',
      'r1',
      at('2026-11-16', '09:00'),
      { status: 'completed', result: 'agree', at: at('2026-11-16', '14:00') },
      [
        {
          node: '部门审批',
          who: 'mgrb',
          from: at('2026-11-16', '09:00'),
          to: at('2026-11-16', '10:00'),
          result: 'agree',
        },
        {
          node: '财务审批',
          who: 'fin',
          from: at('2026-11-16', '10:00'),
          to: at('2026-11-16', '14:00'),
          result: 'agree',
        },
      ],
    ),
    snapshot(
      'E2',
      'EXPENSE',
      'r1',
      at('2026-11-16', '09:00'),
      { status: 'completed', result: 'agree', at: at('2026-11-17', '11:00') },
      [
        {
          node: '部门审批',
          who: 'mgrb',
          from: at('2026-11-16', '09:00'),
          to: at('2026-11-16', '11:00'),
          result: 'redirect',
        },
        {
          node: '财务审批',
          who: 'fin',
          from: at('2026-11-16', '11:00'),
          to: at('2026-11-17', '11:00'),
          result: 'agree',
        },
      ],
    ),
    snapshot(
      'E3',
      'EXPENSE',
      'r1',
      at('2026-11-17', '09:00'),
      { status: 'terminated', at: at('2026-11-17', '12:00') },
      [{ node: '部门审批', who: 'mgrb', from: at('2026-11-17', '09:00'), status: 'cancelled' }],
    ),
  ];
  for (const s of snaps) await applySnapshot(t.db, { connectorId, source: 'api', snapshot: s });
  await refreshAnalytics(t.db);
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
});

test('the SLA due time of the fixture skips the holiday (Fri 10:00, not Thu 10:00)', async () => {
  const rows = await t.db.select({ ext: tasks.externalTaskId, dueAt: tasks.dueAt }).from(tasks);
  const due = rows.find((r) => r.ext === 'L1-0')?.dueAt;
  expect(due?.toISOString()).toBe(at('2026-11-13', '10:00').toISOString());
});

test('volume: started and finished per day and per week', async () => {
  const { data } = await getInsightFigure(t.db, viewer('boss', true), 'volume', PERIOD);
  expect(data).toHaveLength(11);
  const byDay = Object.fromEntries(data.map((p) => [p.bucket, [p.started, p.finished]]));
  expect(byDay['2026-11-11']).toEqual([3, 0]);
  expect(byDay['2026-11-13']).toEqual([0, 2]);
  expect(byDay['2026-11-16']).toEqual([2, 1]);
  expect(byDay['2026-11-17']).toEqual([1, 1]);
  expect(byDay['2026-11-12']).toEqual([0, 0]);
  const weeks = await getInsightFigure(t.db, viewer('boss', true), 'volume', {
    ...PERIOD,
    granularity: 'week',
  });
  expect(weeks.data).toEqual([
    { bucket: '2026-11-09', started: 3, finished: 2 },
    { bucket: '2026-11-16', started: 3, finished: 2 },
  ]);
});

test('cycle time p50/p90 per process, and the trend', async () => {
  const { data } = await getInsightFigure(t.db, viewer('boss', true), 'cycle', PERIOD);
  expect(data.byProcess).toEqual([
    { processKey: 'LEAVE', processName: '请假', finished: 2, p50: 173700, p90: 175860 },
    { processKey: 'EXPENSE', processName: '报销', finished: 2, p50: 55800, p90: 86040 },
  ]);
  const filtered = await getInsightFigure(t.db, viewer('boss', true), 'cycle', {
    ...PERIOD,
    process: 'EXPENSE',
  });
  expect(filtered.data.trend).toEqual([
    { bucket: '2026-11-16', finished: 1, p50: 18000, p90: 18000 },
    { bucket: '2026-11-17', finished: 1, p50: 93600, p90: 93600 },
  ]);
});

test('bottlenecks: wait per step and per approver, slowest first', async () => {
  const { data } = await getInsightFigure(t.db, viewer('boss', true), 'bottlenecks', PERIOD);
  expect(data.steps).toEqual([
    { processKey: 'LEAVE', processName: '请假', step: '主管审批', finished: 2, p50: 173700, p90: 175860 },
    { processKey: 'EXPENSE', processName: '报销', step: '财务审批', finished: 2, p50: 50400, p90: 79200 },
    { processKey: 'EXPENSE', processName: '报销', step: '部门审批', finished: 2, p50: 5400, p90: 6840 },
  ]);
  expect(data.approvers.map((a) => [a.approverName, a.finished, a.p90])).toEqual([
    ['mgra', 2, 175860],
    ['fin', 2, 79200],
    ['mgrb', 2, 6840],
  ]);
});

test('outcomes: refused, revoked and transferred among the closed requests', async () => {
  const { data } = await getInsightFigure(t.db, viewer('boss', true), 'outcomes', PERIOD);
  expect(data.total).toEqual({ closed: 5, refused: 1, revoked: 1, transferred: 1 });
});

test('SLA compliance per process and department across the holiday; overdue now; backlog', async () => {
  const { data } = await getInsightFigure(t.db, viewer('boss', true), 'sla', PERIOD);
  expect(data.byProcess).toEqual([{ key: 'LEAVE', name: '请假', withDue: 2, onTime: 1, overdue: 1 }]);
  expect(data.byDepartment).toEqual([{ key: '销售部', name: null, withDue: 2, onTime: 1, overdue: 1 }]);
  const backlog = await getInsightFigure(t.db, viewer('boss', true), 'backlog', PERIOD);
  expect(backlog.data.pending).toBe(1);
  expect(backlog.data.buckets.find((b) => b.bucket === 'gte14d')?.pending).toBe(1);
  const busiest = await getInsightFigure(t.db, viewer('boss', true), 'approvers', PERIOD);
  expect(busiest.data[0]).toMatchObject({ approverName: 'mgra', finished: 2, pending: 1, p50: 173700 });
});

test('drill-down: the slowest step lists its requests, slowest first; late and overdue ones', async () => {
  const step = await listInsightRequests(t.db, viewer('boss', true), {
    ...PERIOD,
    metric: 'step',
    process: 'LEAVE',
    step: '主管审批',
  });
  expect(step.total).toBe(2);
  expect(step.rows.map((r) => [r.title, r.waitSeconds, r.approverName])).toEqual([
    ['LEAVE L2', 176400, 'mgra'],
    ['LEAVE L1', 171000, 'mgra'],
  ]);
  const late = await listInsightRequests(t.db, viewer('boss', true), { ...PERIOD, metric: 'late' });
  expect(late.rows.map((r) => r.title)).toEqual(['LEAVE L2']);
  const overdue = await listInsightRequests(t.db, viewer('boss', true), { ...PERIOD, metric: 'overdue' });
  expect(overdue.rows.map((r) => r.title)).toEqual(['LEAVE L3']);
  const transferred = await listInsightRequests(t.db, viewer('boss', true), {
    ...PERIOD,
    metric: 'transferred',
  });
  expect(transferred.rows.map((r) => r.title)).toEqual(['EXPENSE E2']);
});

test('second manager: each manager sees only their departments, in figures and drill-down rows', async () => {
  const a = await getInsightFigure(t.db, viewer('mgra'), 'volume', PERIOD);
  expect(a.data.reduce((n, p) => n + p.started, 0)).toBe(3);
  const aCycle = await getInsightFigure(t.db, viewer('mgra'), 'cycle', PERIOD);
  expect(aCycle.data.byProcess.map((p) => p.processKey)).toEqual(['LEAVE']);
  const aOptions = await getInsightFigure(t.db, viewer('mgra'), 'options', PERIOD);
  expect(aOptions.data.departments).toEqual(['销售部']);
  const aRows = await listInsightRequests(t.db, viewer('mgra'), { ...PERIOD, metric: 'started' });
  expect(aRows.rows.map((r) => r.department)).toEqual(['销售部', '销售部', '销售部']);
  // The other department, asked for by name, is refused, never answered empty.
  await expect(
    getInsightFigure(t.db, viewer('mgra'), 'volume', { ...PERIOD, department: '研发部' }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  await expect(
    listInsightRequests(t.db, viewer('mgra'), {
      ...PERIOD,
      metric: 'step',
      step: '财务审批',
      department: '研发部',
    }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  // Steps of the other department's requests are invisible, even those mgra's people answered.
  const aSteps = await listInsightRequests(t.db, viewer('mgra'), {
    ...PERIOD,
    metric: 'step',
    step: '财务审批',
  });
  expect(aSteps.total).toBe(0);

  const b = await getInsightFigure(t.db, viewer('mgrb'), 'bottlenecks', PERIOD);
  expect(b.data.steps.map((s) => s.processKey)).toEqual(['EXPENSE', 'EXPENSE']);
  const bRows = await listInsightRequests(t.db, viewer('mgrb'), { ...PERIOD, metric: 'overdue' });
  expect(bRows.total).toBe(0);
  // Someone who manages nobody and has no grant sees nothing.
  await expect(getInsightFigure(t.db, viewer('emp'), 'volume', PERIOD)).rejects.toMatchObject({
    code: 'forbidden',
  });
});

test('an admin grants the analyst role for a department, and takes it back', async () => {
  await expect(getInsightFigure(t.db, viewer('ana'), 'volume', PERIOD)).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(
    grantInsightScopeAsAdmin(t.db, viewer('mgra'), { userId: ids.ana!, department: '研发部' }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  await grantInsightScopeAsAdmin(t.db, viewer('boss', true), { userId: ids.ana!, department: '研发部' });
  await grantInsightScopeAsAdmin(t.db, viewer('boss', true), { userId: ids.ana!, department: '研发部' });
  expect(await listInsightGrantsAsAdmin(t.db, viewer('boss', true))).toMatchObject([
    { userName: 'ana', department: '研发部' },
  ]);
  const rows = await listInsightRequests(t.db, viewer('ana'), { ...PERIOD, metric: 'started' });
  expect(rows.rows.map((r) => r.title).sort()).toEqual(['EXPENSE E1', 'EXPENSE E2', 'EXPENSE E3']);
  await revokeInsightScopeAsAdmin(t.db, viewer('boss', true), { userId: ids.ana!, department: '研发部' });
  await expect(
    revokeInsightScopeAsAdmin(t.db, viewer('boss', true), { userId: ids.ana!, department: '研发部' }),
  ).rejects.toMatchObject({ code: 'not_found' });
  await expect(getInsightFigure(t.db, viewer('ana'), 'volume', PERIOD)).rejects.toMatchObject({
    code: 'forbidden',
  });
});

test('bad filters are a 400 (validation), not an empty answer', async () => {
  await expect(
    getInsightFigure(t.db, viewer('boss', true), 'volume', { from: '2026-11-20', to: '2026-11-01' }),
  ).rejects.toBeTruthy();
  await expect(
    getInsightFigure(t.db, viewer('boss', true), 'volume', { from: 'yesterday' }),
  ).rejects.toBeTruthy();
});
