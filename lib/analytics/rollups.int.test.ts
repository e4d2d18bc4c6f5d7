import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, processInstances, tasks, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createUsers } from '@/lib/testing/factories';
import { type FigureContext, histPercentiles, rowsOf } from './figure-context';
import { getBottlenecks } from './get-bottlenecks';
import { getCycleTimes } from './get-cycle-times';
import { getOutcomes } from './get-outcomes';
import { getSlaCompliance } from './get-sla-compliance';
import { getVolume } from './get-volume';
import { insightFiltersSchema, withPeriod } from './insight-filters';
import { rebuildAnalytics } from './rebuild-analytics';
import { refreshAnalytics } from './refresh-analytics';
import { analyticsBucket } from './rollup-sql';

/**
 * The incremental rollups (triggers → refresh-analytics) equal a full recomputation (rebuild) after rounds of
 * random changes: new requests, answered, refused, transferred and revoked ones, tasks edited in place, whole
 * requests deleted, and changes that land between two refreshes.
 */

let t: TestDatabase;
let connectorId: string;
const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const STEPS = ['部门审批', '财务审批', null];
const TZ = 'Asia/Shanghai';

/** A small deterministic generator (mulberry32) so a failure replays. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(23);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const state = new Map<string, { snapshot: InstanceSnapshot; version: number }>();

function randomSnapshot(externalId: string, version: number): InstanceSnapshot {
  const created = new Date(Date.UTC(2026, 10, 1 + Math.floor(rand() * 20), Math.floor(rand() * 24)));
  const status = pick(['running', 'running', 'completed', 'completed', 'terminated', 'cancelled'] as const);
  const closed = status !== 'running';
  const taskCount = 1 + Math.floor(rand() * 3);
  const tasksOf = Array.from({ length: taskCount }, (_, i) => {
    const received = new Date(created.getTime() + i * 3_600_000);
    const done = closed || rand() < 0.5;
    const result = done ? pick(['agree', 'agree', 'refuse', 'redirect'] as const) : null;
    return {
      externalTaskId: `${externalId}-t${i}`,
      kind: rand() < 0.85 ? ('approval' as const) : ('cc' as const),
      assigneeExternalId: pick(PEOPLE),
      status: done ? ('done' as const) : pick(['pending', 'pending', 'cancelled'] as const),
      result,
      nodeName: pick(STEPS),
      receivedAt: received,
      finishedAt: done ? new Date(received.getTime() + Math.floor(rand() * 5 * 86_400_000)) : null,
      dueAt: rand() < 0.6 ? new Date(received.getTime() + 2 * 86_400_000) : null,
    };
  });
  return {
    externalId,
    processCode: pick(['PROC-A', 'PROC-B', 'PROC-C']),
    processName: 'x',
    title: `申请 ${externalId}`,
    originator: { externalUserId: pick(PEOPLE), name: null },
    status,
    result: status === 'completed' ? pick(['agree', 'refuse'] as const) : null,
    createdAt: created,
    finishedAt: closed ? new Date(created.getTime() + Math.floor(rand() * 9 * 86_400_000)) : null,
    sourceUpdatedAt: new Date(Date.UTC(2026, 11, 1) + version * 1000),
    taskScope: 'full',
    tasks: tasksOf,
  };
}

async function applyRandom(externalId: string) {
  const version = (state.get(externalId)?.version ?? 0) + 1;
  const snapshot = randomSnapshot(externalId, version);
  state.set(externalId, { snapshot, version });
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot });
}

async function dump() {
  const q = async (text: string) => [...(await t.db.execute(sql.raw(text)))];
  return {
    instanceFacts: await q('SELECT * FROM analytics_instance_facts ORDER BY instance_id'),
    taskFacts: await q('SELECT * FROM analytics_task_facts ORDER BY task_id'),
    daily: await q('SELECT * FROM analytics_daily ORDER BY day, connector_id, process_key, department'),
    stepDaily:
      await q(`SELECT day, connector_id, source, process_key, department, step, approver_user_id, finished,
      with_due, on_time, wait_seconds FROM analytics_step_daily
      ORDER BY day, connector_id, process_key, department, step, approver_user_id NULLS FIRST`),
    companyRequests: await q(
      'SELECT * FROM analytics_company_requests ORDER BY span, start, connector_id, process_key',
    ),
    companyCycle: await q(
      'SELECT * FROM analytics_company_cycle ORDER BY span, start, connector_id, process_key, bucket',
    ),
    companyWaits: await q(
      'SELECT * FROM analytics_company_waits ORDER BY span, start, connector_id, process_key, step, bucket',
    ),
    companySla: await q(
      'SELECT * FROM analytics_company_sla ORDER BY span, start, connector_id, process_key, department',
    ),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await createUsers(
    t.db,
    PEOPLE.map((u) => ({ username: u, name: u })),
  );
  for (const [i, u] of PEOPLE.entries()) {
    await t.db
      .update(users)
      .set({ department: i < 3 ? '销售部' : '研发部' })
      .where(eq(users.id, ids[u]!));
  }
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name: 'src' }).returning();
  connectorId = c!.id;
  await t.db
    .insert(identities)
    .values(PEOPLE.slice(0, 5).map((u) => ({ connectorId, externalUserId: u, userId: ids[u]! })));
});

afterAll(async () => {
  await t?.drop();
});

test('rollups kept by the refresh job equal a full rebuild after random changes', async () => {
  for (let i = 0; i < 60; i++) await applyRandom(`r${i}`);
  expect((await refreshAnalytics(t.db, { timeZone: TZ })).instances).toBe(60);

  for (let round = 0; round < 4; round++) {
    // Re-apply a third of the requests with new random state (status, tasks, dates, process, originator).
    for (let i = 0; i < 20; i++) await applyRandom(`r${Math.floor(rand() * 60)}`);
    // New requests, and a task edited in place by its own write path's column (finished later).
    for (let i = 0; i < 5; i++) await applyRandom(`n${round}-${i}`);
    const [someTask] = await t.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.status, 'done'))
      .limit(1);
    await t.db
      .update(tasks)
      .set({ finishedAt: new Date(Date.UTC(2026, 10, 28)) })
      .where(eq(tasks.id, someTask!.id));
    // Whole requests deleted (a connector removed): their old figures must leave the rollups.
    const victims = await t.db
      .select({ id: processInstances.id })
      .from(processInstances)
      .orderBy(processInstances.externalId)
      .limit(1)
      .offset(round * 3);
    await t.db.delete(processInstances).where(
      inArray(
        processInstances.id,
        victims.map((v) => v.id),
      ),
    );
    // Every other round the changes pile up over two rounds before a refresh.
    if (round % 2 === 1) await refreshAnalytics(t.db, { timeZone: TZ });
  }
  await refreshAnalytics(t.db, { timeZone: TZ });
  // Drained: a second run has nothing to do (idempotent job).
  expect((await refreshAnalytics(t.db, { timeZone: TZ })).instances).toBe(0);

  const incremental = await dump();
  expect(incremental.instanceFacts.length).toBeGreaterThan(50);
  expect(incremental.stepDaily.length).toBeGreaterThan(10);
  // Both spans of the company-wide rollups are there (weeks of several days merge their day rows).
  for (const table of ['companyRequests', 'companyCycle', 'companyWaits', 'companySla'] as const) {
    const spans = new Set(incremental[table].map((r) => (r as { span: string }).span));
    expect(spans, table).toEqual(new Set(['day', 'week']));
  }
  const rebuilt = await rebuildAnalytics(t.db, { timeZone: TZ });
  expect(rebuilt.instances).toBe(incremental.instanceFacts.length);
  expect(await dump()).toEqual(incremental);
}, 180_000); // ~150 snapshots and refreshes: well under a minute idle, slower on a shared machine.

test('percentiles from the log-bucket histograms stay within the documented bound of the exact ones', async () => {
  // Groups of 1 … 400 durations from seconds to weeks (log-uniform, with repeats), merged from many rows.
  const values: { g: number; v: number }[] = [];
  for (let g = 0; g < 60; g++) {
    const size = g < 10 ? g + 1 : Math.floor(rand() * 400) + 1;
    for (let i = 0; i < size; i++) values.push({ g, v: Math.floor(Math.exp(rand() * Math.log(2_000_000))) });
  }
  await t.db.execute(sql`CREATE TABLE hist_check (g int, v int)`);
  await t.db.execute(
    sql`INSERT INTO hist_check SELECT (x->>0)::int, (x->>1)::int
      FROM jsonb_array_elements(${JSON.stringify(values.map((x) => [x.g, x.v]))}::jsonb) x`,
  );
  const exact = rowsOf<{ g: number; p50: number; p90: number; n: number }>(
    await t.db.execute(sql`SELECT g, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90 FROM hist_check GROUP BY g ORDER BY g`),
  );
  // Pre-merged per (group, bucket) as the rollups store them, then merged again as the readers do.
  const approx = rowsOf<{ g: number; finished: number; p50: number; p90: number }>(
    await t.db.execute(
      sql`SELECT * FROM (${histPercentiles(
        sql`SELECT g, ${analyticsBucket(sql`v`)} AS bucket, count(*) AS n, min(v) AS lo, max(v) AS hi
        FROM hist_check GROUP BY g, bucket, v % 3`,
        ['g'],
      )}) p ORDER BY g`,
    ),
  );
  expect(approx.map((r) => [r.g, r.finished])).toEqual(exact.map((r) => [r.g, r.n]));
  let exactHits = 0;
  for (const [i, e] of exact.entries()) {
    const a = approx[i]!;
    for (const p of ['p50', 'p90'] as const) {
      const error = Math.abs(Number(a[p]) - Number(e[p]));
      expect(error, `group ${e.g} ${p}`).toBeLessThanOrEqual((2 ** (1 / 8) - 1) * (Number(e[p]) + 1) + 1e-6);
      if (error < 1e-6) exactHits += 1;
    }
  }
  // Groups of one or two values (and ranks on a bucket's edge) are exact.
  expect(exactHits).toBeGreaterThanOrEqual(4);
  await t.db.execute(sql`DROP TABLE hist_check`);
});

test('the company-wide day and week rollups answer exactly what the department rollups answer', async () => {
  // Same requests read twice: as the whole company (week rows for whole weeks, day rows at the ends) and as a
  // viewer scoped to every department (the department days). Same values, same histograms, same figures.
  const departments = rowsOf<{ department: string }>(
    await t.db.execute(sql`SELECT DISTINCT department FROM analytics_instance_facts ORDER BY 1`),
  ).map((r) => r.department);
  expect(departments.length).toBeGreaterThanOrEqual(2);
  const figures = { getVolume, getCycleTimes, getBottlenecks, getOutcomes, getSlaCompliance };
  for (const period of [
    { from: '2026-11-01', to: '2026-11-30' },
    { from: '2026-11-04', to: '2026-11-26' },
  ]) {
    for (const granularity of ['day', 'week'] as const) {
      const filters = withPeriod(insightFiltersSchema.parse({ ...period, granularity }), '2026-12-01');
      for (const [name, figure] of Object.entries(figures) as [
        string,
        (c: FigureContext) => Promise<unknown>,
      ][]) {
        const company = await figure({ db: t.db, filters, scope: { all: true } });
        const byDepartment = await figure({ db: t.db, filters, scope: { all: false, departments } });
        expect(company, `${name} ${period.from} ${granularity}`).toEqual(byDepartment);
      }
    }
  }
  // And the figures have something in them.
  const cycle = await getCycleTimes({
    db: t.db,
    filters: withPeriod(insightFiltersSchema.parse({ from: '2026-11-01', to: '2026-11-30' }), '2026-12-01'),
    scope: { all: true },
  });
  expect(cycle.byProcess.length).toBeGreaterThan(0);
});
