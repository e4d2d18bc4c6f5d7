import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, processInstances, tasks, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createUsers } from '@/lib/testing/factories';
import { rebuildAnalytics } from './rebuild-analytics';
import { refreshAnalytics } from './refresh-analytics';

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
  const rebuilt = await rebuildAnalytics(t.db, { timeZone: TZ });
  expect(rebuilt.instances).toBe(incremental.instanceFacts.length);
  expect(await dump()).toEqual(incremental);
});
