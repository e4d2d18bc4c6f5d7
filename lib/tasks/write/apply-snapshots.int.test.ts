import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  attachments,
  connectors,
  identities,
  processInstances,
  processLogs,
  tasks,
  users,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from './apply-snapshot';
import { applySnapshots } from './apply-snapshots';

let t: TestDatabase;
let userId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const [u] = await t.db.insert(users).values({ name: '李四', email: 'lisi@example.com' }).returning();
  userId = u!.id;
});
afterAll(async () => {
  await t.drop();
});

/** A fresh source; `lisi` is already linked to a Huiban user, the others are not. */
async function newConnector(name: string): Promise<string> {
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name }).returning();
  await t.db.insert(identities).values({ connectorId: c!.id, externalUserId: 'lisi', name: '李四', userId });
  return c!.id;
}

const T0 = new Date('2026-11-20T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

const PEOPLE = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu'] as const;

/** A snapshot of one of a few instances at one of a few versions: replays, stale ones and unknown fields occur. */
function randomSnapshot(r: ReturnType<typeof random>): InstanceSnapshot {
  const n = r.int(1, 5);
  const version = r.int(1, 6);
  const scope = r.chance(0.75) ? 'full' : 'partial';
  const status = r.pick(['running', 'running', 'completed', 'terminated', 'deleted'] as const);
  const maybe = <T>(value: T) => (r.chance(0.6) ? value : null);
  const taskIds = ['t1', 't2', 't3', 'cc:wangwu'].filter(() => r.chance(0.6));
  return {
    externalId: `i-${n}`,
    processCode: maybe(`PROC-${n}`),
    processName: maybe(`流程 ${n} v${version}`),
    title: `申请 ${n} v${version}`,
    originator: r.chance(0.8) ? { externalUserId: 'zhangsan', name: maybe('张三') } : null,
    status,
    result: status === 'completed' ? r.pick(['agree', 'refuse'] as const) : null,
    formValues: r.chance(0.6) ? [{ name: '金额', type: 'money', value: version * 100 }] : [],
    summary: maybe(`金额 ${version * 100}`),
    pcUrl: maybe(`https://pc.example.com/${n}`),
    mobileUrl: maybe(`https://m.example.com/${n}`),
    createdAt: T0,
    finishedAt: status === 'running' ? null : at(version),
    sourceUpdatedAt: at(version),
    taskScope: scope,
    tasks: taskIds.map((externalTaskId) => {
      const done = r.chance(0.4);
      return {
        externalTaskId,
        kind: externalTaskId.startsWith('cc:') ? ('cc' as const) : ('approval' as const),
        assigneeExternalId: externalTaskId.startsWith('cc:') ? 'wangwu' : r.pick(PEOPLE),
        assigneeName: maybe('某人'),
        status: done ? ('done' as const) : ('pending' as const),
        result: done ? r.pick(['agree', 'refuse'] as const) : null,
        nodeName: maybe(`节点 ${externalTaskId}`),
        nodeMode: maybe(r.pick(['and', 'or', 'single'] as const)),
        receivedAt: T0,
        finishedAt: done ? at(version) : null,
        dueAt: maybe(at(60 * 24)),
        pcUrl: maybe(`https://pc.example.com/${n}/${externalTaskId}`),
        mobileUrl: null,
      };
    }),
    logs: ['r1', 'r2', 'r3']
      .filter(() => r.chance(0.5))
      .map((externalRecordId) => ({
        externalRecordId,
        actorExternalId: r.pick(PEOPLE),
        actorName: maybe('某人'),
        action: 'agree',
        result: maybe('agree'),
        remark: maybe(`备注 v${version}`),
        nodeName: maybe('审批'),
        targets: r.chance(0.3) ? [{ externalUserId: 'zhaoliu', name: maybe('赵六') }] : [],
        occurredAt: at(version),
        attachments: r.chance(0.3) ? [{ externalFileId: `f-${externalRecordId}`, fileName: '发票.pdf' }] : [],
      })),
    attachments: r.chance(0.2) ? [{ externalFileId: 'form-file', fileName: '合同.pdf', fileSize: 10 }] : [],
  };
}

/** What a source's rows say, without ids, owners and bookkeeping times: comparable across two connectors. */
async function stateOf(connectorId: string) {
  const instances = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.connectorId, connectorId));
  const byId = new Map(instances.map((i) => [i.id, i.externalId]));
  const strip = <T extends Record<string, unknown>>(row: T, drop: string[]) =>
    Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k)));
  const bookkeeping = ['id', 'connectorId', 'instanceId', 'createdAt', 'updatedAt'];
  const taskRows = await t.db.select().from(tasks).where(eq(tasks.connectorId, connectorId));
  const logs = (await t.db.select().from(processLogs)).filter((l) => byId.has(l.instanceId));
  const logRecord = new Map(logs.map((l) => [l.id, l.externalRecordId]));
  const files = (await t.db.select().from(attachments)).filter((a) => byId.has(a.instanceId));
  const people = await t.db.select().from(identities).where(eq(identities.connectorId, connectorId));
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    instances: sorted(instances.map((i) => strip(i, bookkeeping))),
    tasks: sorted(taskRows.map((x) => ({ instance: byId.get(x.instanceId), ...strip(x, bookkeeping) }))),
    logs: sorted(logs.map((x) => ({ instance: byId.get(x.instanceId), ...strip(x, bookkeeping) }))),
    attachments: sorted(
      files.map((x) => ({
        instance: byId.get(x.instanceId),
        log: x.logId ? logRecord.get(x.logId) : null,
        ...strip(x, [...bookkeeping, 'logId']),
      })),
    ),
    identities: sorted(
      people.map((p) => ({ externalUserId: p.externalUserId, name: p.name, userId: p.userId })),
    ),
  };
}

const withoutId = <T extends { instanceId: string }>({ instanceId: _, ...rest }: T) => rest;

test.each([1, 2, 3, 4, 5, 6, 7, 8])(
  'random sequence (seed %i): batches give the same rows and answers as applying one by one',
  async (seed) => {
    const r = random(seed);
    const one = await newConnector(`one by one ${seed}`);
    const set = await newConnector(`set-based ${seed}`);
    const sequence = Array.from({ length: 60 }, () => randomSnapshot(r));

    const expected = [];
    for (const snapshot of sequence) {
      expected.push(await applySnapshot(t.db, { connectorId: one, source: 'api', snapshot }));
    }
    const actual = [];
    for (let i = 0; i < sequence.length; ) {
      const size = r.int(1, 25);
      const snapshots = sequence.slice(i, i + size);
      actual.push(...(await applySnapshots(t.db, { connectorId: set, source: 'api', snapshots })));
      i += size;
    }

    expect(actual.map(withoutId)).toEqual(expected.map(withoutId));
    expect(expected.some((e) => e.outcome === 'stale')).toBe(true);
    expect(await stateOf(set)).toEqual(await stateOf(one));
  },
);

function fullSnapshot(
  externalId: string,
  version: number,
  patch: Partial<InstanceSnapshot> = {},
): InstanceSnapshot {
  return {
    externalId,
    processCode: 'PROC-1',
    processName: '差旅报销',
    title: '张三提交的差旅报销申请',
    originator: { externalUserId: 'zhangsan', name: '张三' },
    status: 'running',
    summary: '金额 100',
    createdAt: T0,
    sourceUpdatedAt: at(version),
    taskScope: 'full',
    tasks: [
      {
        externalTaskId: 't1',
        kind: 'approval',
        assigneeExternalId: 'lisi',
        status: 'pending',
        nodeName: '主管审批',
        receivedAt: T0,
      },
    ],
    logs: [{ externalRecordId: 'r1', actorExternalId: 'zhangsan', action: 'start', occurredAt: T0 }],
    ...patch,
  };
}

test('in one batch: a new, an updated, a stale and a replayed item; a field an item lacks is kept', async () => {
  const c = await newConnector('rules');
  await applySnapshots(t.db, {
    connectorId: c,
    source: 'api',
    snapshots: [fullSnapshot('old', 5), fullSnapshot('upd', 1), fullSnapshot('same', 2)],
  });
  const before = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'same'));

  const answer = await applySnapshots(t.db, {
    connectorId: c,
    source: 'api',
    snapshots: [
      fullSnapshot('new', 1),
      // Newer, but knows neither the process name nor the node name: both stay.
      fullSnapshot('upd', 3, {
        processName: null,
        status: 'completed',
        result: 'agree',
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
      fullSnapshot('old', 2, { title: '旧的标题' }),
      fullSnapshot('same', 2),
    ],
  });
  expect(answer.map((a) => a.outcome)).toEqual(['created', 'updated', 'stale', 'updated']);
  expect(answer[3]).toMatchObject({ logsWritten: 0, tasksWithdrawn: 0, identitiesCreated: 0 });

  const [upd] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'upd'));
  expect(upd).toMatchObject({ status: 'completed', result: 'agree', processName: '差旅报销' });
  const [updTask] = await t.db.select().from(tasks).where(eq(tasks.instanceId, upd!.id));
  expect(updTask).toMatchObject({
    status: 'done',
    result: 'agree',
    nodeName: '主管审批',
    assigneeUserId: userId,
  });

  const [old] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'old'));
  expect(old!.title).toBe('张三提交的差旅报销申请');

  // The replay changed no column a snapshot writes.
  const [same] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'same'));
  const { updatedAt: _a, ...sameNow } = same!;
  const { updatedAt: _b, ...sameBefore } = before[0]!;
  expect(sameNow).toEqual(sameBefore);
});

test('the same instance twice in one batch applies in order: the later version wins, an older one is stale', async () => {
  const c = await newConnector('order');
  const answer = await applySnapshots(t.db, {
    connectorId: c,
    source: 'api',
    snapshots: [fullSnapshot('x', 1), fullSnapshot('x', 3, { summary: '金额 300' }), fullSnapshot('x', 2)],
  });
  expect(answer.map((a) => a.outcome)).toEqual(['created', 'updated', 'stale']);
  const [x] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'x'));
  expect(x).toMatchObject({ summary: '金额 300', sourceUpdatedAt: at(3) });
});
