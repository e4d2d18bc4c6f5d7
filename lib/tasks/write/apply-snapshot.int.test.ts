import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  attachments,
  connectors,
  identities,
  processInstances,
  processLogs,
  taskActions,
  tasks,
  users,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from './apply-snapshot';

let t: TestDatabase;
let connectorId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name: 'test source' }).returning();
  connectorId = c!.id;
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
    title: '张三提交的差旅报销申请',
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
        externalTaskId: 'cc:wangwu',
        kind: 'cc',
        assigneeExternalId: 'wangwu',
        status: 'done',
        receivedAt: T0,
      },
    ],
    logs: [
      {
        externalRecordId: 'r1',
        actorExternalId: 'zhangsan',
        action: 'start',
        occurredAt: T0,
        attachments: [{ externalFileId: 'f1', fileName: '发票.pdf', fileSize: 1024 }],
      },
    ],
    ...patch,
  };
}

async function rows(externalId: string) {
  const [instance] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.externalId, externalId));
  const taskRows = await t.db
    .select()
    .from(tasks)
    .where(eq(tasks.instanceId, instance!.id))
    .orderBy(tasks.externalTaskId);
  const logRows = await t.db.select().from(processLogs).where(eq(processLogs.instanceId, instance!.id));
  const files = await t.db.select().from(attachments).where(eq(attachments.instanceId, instance!.id));
  return { instance, tasks: taskRows, logs: logRows, files };
}

test('applying the same snapshot twice gives the same rows; identities and attachment jobs are created once', async () => {
  const first = await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-1', 1) });
  const second = await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-1', 1) });
  expect(first).toMatchObject({
    outcome: 'created',
    tasksWritten: 2,
    logsWritten: 1,
    attachmentsQueued: 1,
    identitiesCreated: 3,
  });
  expect(second).toMatchObject({
    outcome: 'updated',
    logsWritten: 0,
    attachmentsQueued: 0,
    identitiesCreated: 0,
  });
  const r = await rows('i-1');
  expect(r.tasks.map((x) => [x.externalTaskId, x.kind, x.status])).toEqual([
    ['cc:wangwu', 'cc', 'done'],
    ['t1', 'approval', 'pending'],
  ]);
  expect(r.logs).toHaveLength(1);
  expect(r.files).toHaveLength(1);
  expect(await t.db.select().from(identities).where(eq(identities.connectorId, connectorId))).toHaveLength(3);
});

test('an older snapshot never overwrites a newer one (events out of order)', async () => {
  const done = snapshot('i-2', 5, {
    status: 'completed',
    result: 'agree',
    finishedAt: at(5),
    tasks: [
      {
        externalTaskId: 't1',
        kind: 'approval',
        assigneeExternalId: 'lisi',
        status: 'done',
        result: 'agree',
        receivedAt: T0,
        finishedAt: at(5),
      },
    ],
  });
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: done });
  const stale = await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-2', 2) });
  expect(stale.outcome).toBe('stale');
  const r = await rows('i-2');
  expect(r.instance).toMatchObject({ status: 'completed', result: 'agree' });
  expect(r.tasks.map((x) => `${x.externalTaskId}:${x.status}:${x.result}`)).toEqual(['t1:done:agree']);
});

test('a full snapshot withdraws pending tasks it no longer lists; a partial one leaves them', async () => {
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-3', 1) });
  await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: snapshot('i-3', 2, {
      taskScope: 'partial',
      tasks: [
        {
          externalTaskId: 't2',
          kind: 'approval',
          assigneeExternalId: 'zhaoliu',
          status: 'pending',
          receivedAt: at(2),
        },
      ],
    }),
  });
  expect((await rows('i-3')).tasks.map((x) => `${x.externalTaskId}:${x.status}`)).toEqual([
    'cc:wangwu:done',
    't1:pending',
    't2:pending',
  ]);
  const result = await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: snapshot('i-3', 3, {
      tasks: [
        {
          externalTaskId: 't2',
          kind: 'approval',
          assigneeExternalId: 'zhaoliu',
          status: 'pending',
          receivedAt: at(2),
        },
      ],
    }),
  });
  expect(result.tasksWithdrawn).toBe(1);
  expect((await rows('i-3')).tasks.map((x) => `${x.externalTaskId}:${x.status}`)).toEqual([
    'cc:wangwu:done',
    't1:cancelled',
    't2:pending',
  ]);
});

test('a task acted on from Huiban keeps its acted mark whatever later snapshots say', async () => {
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-4', 1) });
  const { tasks: before } = await rows('i-4');
  const t1 = before.find((x) => x.externalTaskId === 't1')!;
  const actedAt = new Date('2026-11-20T08:03:00Z');
  await t.db.update(tasks).set({ actedAt }).where(eq(tasks.id, t1.id));
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-4', 2) });
  const [after] = await t.db.select().from(tasks).where(eq(tasks.id, t1.id));
  expect(after?.actedAt?.toISOString()).toBe(actedAt.toISOString());
});

test('a task done without a result (a partial snapshot) leaves a Huiban action pending; the full one settles it', async () => {
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('i-6', 1) });
  const { instance, tasks: before } = await rows('i-6');
  const t1 = before.find((x) => x.externalTaskId === 't1')!;
  const [lisi] = await t.db
    .insert(users)
    .values({ username: 'lisi-i6', name: '李四' })
    .returning({ id: users.id });
  const [action] = await t.db
    .insert(taskActions)
    .values({ taskId: t1.id, instanceId: instance!.id, userId: lisi!.id, action: 'agree', remark: '同意' })
    .returning({ id: taskActions.id });
  const done = (result: 'agree' | null, version: number, taskScope: 'full' | 'partial') =>
    snapshot('i-6', version, {
      taskScope,
      tasks: [
        {
          externalTaskId: 't1',
          kind: 'approval',
          assigneeExternalId: 'lisi',
          status: 'done',
          result,
          receivedAt: T0,
          finishedAt: at(version),
        },
      ],
    });
  const status = async () =>
    (await t.db.select().from(taskActions).where(eq(taskActions.id, action!.id)))[0]?.writeBackStatus;

  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: done(null, 2, 'partial') });
  expect(await status()).toBe('pending');
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: done('agree', 3, 'full') });
  expect(await status()).toBe('confirmed');
});

test('a malformed snapshot is refused before anything is written', async () => {
  await expect(
    applySnapshot(t.db, {
      connectorId,
      source: 'api',
      snapshot: { ...snapshot('i-5', 1), status: 'weird' as 'running' },
    }),
  ).rejects.toThrow();
  expect(
    await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'i-5')),
  ).toHaveLength(0);
});

test('a newer snapshot that does not know a field keeps what is known (process, originator, form, links, node)', async () => {
  const known: Partial<InstanceSnapshot> = {
    processCode: 'PROC-EXPENSE',
    processName: '报销',
    summary: '金额: 800',
    formValues: [{ name: '金额', type: 'MoneyField', value: '800', display: '800' }],
    pcUrl: 'https://example.test/pc',
    mobileUrl: 'https://example.test/m',
  };
  await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: {
      ...snapshot('keep-1', 1, known),
      tasks: [
        {
          externalTaskId: 't1',
          kind: 'approval',
          assigneeExternalId: 'lisi',
          status: 'pending',
          nodeName: '主管审批',
          nodeMode: 'and',
          dueAt: at(60),
          receivedAt: T0,
        },
      ],
      logs: [
        {
          externalRecordId: 'cc-1',
          actorExternalId: 'zhangsan',
          action: 'cc',
          nodeName: '抄送人',
          targets: [{ externalUserId: 'wangwu' }],
          occurredAt: T0,
        },
      ],
    },
  });
  // A re-read after a comment: no process code (blank), no name, no form, no links, no node, no targets.
  const result = await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: {
      ...snapshot('keep-1', 2, { processCode: '', processName: null, summary: '  ', formValues: [] }),
      originator: null,
      tasks: [
        {
          externalTaskId: 't1',
          kind: 'approval',
          assigneeExternalId: 'lisi',
          status: 'pending',
          receivedAt: T0,
        },
      ],
      logs: [{ externalRecordId: 'cc-1', actorExternalId: 'zhangsan', action: 'cc', occurredAt: T0 }],
    },
  });
  expect(result.outcome).toBe('updated');
  const [instance] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.id, result.instanceId));
  expect(instance).toMatchObject({
    processCode: 'PROC-EXPENSE',
    processName: '报销',
    summary: '金额: 800',
    pcUrl: 'https://example.test/pc',
    mobileUrl: 'https://example.test/m',
    originatorExternalId: 'zhangsan',
    originatorName: '张三',
    status: 'running',
  });
  expect(instance?.formValues).toHaveLength(1);
  const [task] = await t.db.select().from(tasks).where(eq(tasks.instanceId, result.instanceId));
  expect(task).toMatchObject({ nodeName: '主管审批', nodeMode: 'and', dueAt: at(60) });
  expect(task?.searchText).toContain('报销');
  const [log] = await t.db.select().from(processLogs).where(eq(processLogs.instanceId, result.instanceId));
  expect(log).toMatchObject({ nodeName: '抄送人', targets: [{ externalUserId: 'wangwu' }] });

  // What a snapshot does know still changes: a new process name and the end of the instance.
  await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: snapshot('keep-1', 3, { processName: '差旅报销', status: 'completed', result: 'agree' }),
  });
  const [after] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.id, result.instanceId));
  expect(after).toMatchObject({ processCode: 'PROC-EXPENSE', processName: '差旅报销', status: 'completed' });
});
