import { asc, eq, max } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, liveChanges, processInstances, processLogs, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from './apply-snapshot';
import { applySnapshotBatch } from './apply-snapshot-batch';

let t: TestDatabase;
let single: string;
let batched: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const rows = await t.db
    .insert(connectors)
    .values([
      { kind: 'api', name: 'one by one' },
      { kind: 'api', name: 'set-based' },
    ])
    .returning();
  single = rows[0]!.id;
  batched = rows[1]!.id;
});
afterAll(async () => {
  await t.drop();
});

const T0 = new Date('2026-11-20T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function snapshot(
  externalId: string,
  version: number,
  patch: Partial<InstanceSnapshot> = {},
): InstanceSnapshot {
  return {
    externalId,
    title: `申请 ${externalId} v${version}`,
    originator: { externalUserId: 'zhangsan', name: '张三' },
    status: 'running',
    createdAt: T0,
    sourceUpdatedAt: at(version),
    taskScope: 'full',
    tasks: [
      {
        externalTaskId: 't1',
        kind: 'approval',
        assigneeExternalId: 'lisi',
        status: 'pending',
        receivedAt: T0,
      },
      {
        externalTaskId: 't2',
        kind: 'approval',
        assigneeExternalId: 'wangwu',
        status: 'pending',
        receivedAt: T0,
      },
    ],
    logs: [
      {
        externalRecordId: 'r1',
        actorExternalId: 'zhangsan',
        action: 'start',
        occurredAt: T0,
        attachments: [{ externalFileId: `f-${externalId}`, fileName: '发票.pdf', fileSize: 1024 }],
      },
    ],
    ...patch,
  };
}

/** Everything a snapshot wrote for a connector, without ids and write times. */
async function state(connectorId: string) {
  const instances = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.connectorId, connectorId))
    .orderBy(asc(processInstances.externalId));
  const out = [];
  for (const i of instances) {
    const taskRows = await t.db
      .select()
      .from(tasks)
      .where(eq(tasks.instanceId, i.id))
      .orderBy(asc(tasks.externalTaskId));
    const logs = await t.db.select().from(processLogs).where(eq(processLogs.instanceId, i.id));
    const { id: _i, connectorId: _c, createdAt: _ca, updatedAt: _u, ...instance } = i;
    out.push({
      instance,
      tasks: taskRows.map(
        ({ id: _t, instanceId: _ti, connectorId: _tc, createdAt: _a, updatedAt: _b, ...rest }) => rest,
      ),
      logs: logs.map((l) => [l.externalRecordId, l.action, l.actorExternalId]),
    });
  }
  return out;
}

const rounds: InstanceSnapshot[][] = [
  [snapshot('i1', 2), snapshot('i2', 2), snapshot('i3', 2)],
  [
    // Older than what is stored: stale, and a stale full snapshot touches none of its tasks.
    snapshot('i1', 1, { title: 'old', tasks: [] }),
    // Newer: t2 is no longer listed (withdrawn), t1 is done.
    snapshot('i2', 3, {
      tasks: [
        {
          externalTaskId: 't1',
          kind: 'approval',
          assigneeExternalId: 'lisi',
          status: 'done',
          result: 'agree',
          receivedAt: T0,
          finishedAt: at(3),
        },
      ],
    }),
    snapshot('i3', 3, { status: 'deleted' }),
    snapshot('i4', 1),
  ],
];

test('the set-based batch ends in the same rows as applySnapshot() one by one, with its outcomes', async () => {
  const outcomes: string[][] = [];
  for (const round of rounds) {
    for (const snapshot of round) await applySnapshot(t.db, { connectorId: single, source: 'api', snapshot });
    const results = await t.db.transaction((tx) =>
      applySnapshotBatch(tx, { connectorId: batched, source: 'api', snapshots: round }),
    );
    outcomes.push(results.map((r) => r.outcome));
  }
  expect(outcomes).toEqual([
    ['created', 'created', 'created'],
    ['stale', 'updated', 'updated', 'created'],
  ]);
  const expected = await state(single);
  expect(await state(batched)).toEqual(expected);
  const i2 = expected.find((x) => x.instance.externalId === 'i2');
  expect(i2?.tasks.map((x) => `${x.externalTaskId}:${x.status}`)).toEqual(['t1:done', 't2:cancelled']);
  expect(expected.find((x) => x.instance.externalId === 'i1')?.instance.title).toBe('申请 i1 v2');
});

test('a replayed batch changes nothing; a stale item is answered stale', async () => {
  const before = await state(batched);
  const newest = async () => (await t.db.select({ n: max(liveChanges.id) }).from(liveChanges))[0]?.n;
  const lastChange = await newest();
  const replay = await t.db.transaction((tx) =>
    applySnapshotBatch(tx, { connectorId: batched, source: 'api', snapshots: rounds[1]! }),
  );
  expect(replay.map((r) => r.outcome)).toEqual(['stale', 'updated', 'updated', 'updated']);
  expect(await state(batched)).toEqual(before);
  // Not even a live notification: the rows were rewritten with the values they had.
  expect(await newest()).toBe(lastChange);

  // The same instance twice in one batch: applied in order, the older one second is stale.
  const twice = await t.db.transaction((tx) =>
    applySnapshotBatch(tx, {
      connectorId: batched,
      source: 'api',
      snapshots: [snapshot('i5', 5), snapshot('i5', 4, { title: 'older' })],
    }),
  );
  expect(twice.map((r) => r.outcome)).toEqual(['created', 'stale']);
  const [i5] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'i5'));
  expect(i5?.title).toBe('申请 i5 v5');
});
