import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { POST as uploadRoute } from '@/app/api/uploads/route';
import { POST as startRoute } from '@/app/api/workflows/[definitionId]/instances/route';
import {
  attachments,
  localRuns,
  processInstances,
  processLogs,
  taskActions,
  tasks,
  uploads,
  users,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getFileStore } from '@/lib/storage/file-store';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { revokeInstance } from '@/lib/tasks/actions/revoke-instance';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createUsers } from '@/lib/testing/factories';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import type { WorkflowBody } from './definition-schema';

type StartAnswer = {
  instanceId: string;
  error?: { code: string; message: string; issues?: { path: string; message: string }[] };
};

const session = vi.hoisted(() => ({ userId: undefined as string | undefined }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  // A signed-in session: next-auth's JWT carries the user id and a session id (lib/auth/config.ts).
  getServerSession: async () =>
    session.userId ? { userId: session.userId, sid: '00000000-0000-4000-8000-000000000001' } : null,
}));

let t: TestDatabase;
let worker: RunningWorker;
let ids: Record<string, string>;
let definitionId: string;

const viewer = (name: string) => ({ userId: ids[name] as string, name, isAdmin: name === 'boss' });

function body(): WorkflowBody {
  return {
    form: {
      fields: [
        { key: 'reason', label: '报销事由', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'money', required: true, min: 0 },
        { key: 'files', label: '发票', type: 'attachments', required: false, maxFiles: 3 },
      ],
    },
    steps: [
      {
        id: 'lead',
        name: '主管审批',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'manager', levels: 1 },
        dueHours: 24,
      },
      {
        id: 'finance',
        name: '财务会签',
        kind: 'approval',
        mode: 'all',
        assignee: { type: 'users', userIds: [ids.fin1 as string, ids.fin2 as string] },
      },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
}

async function createDefinition(
  key: string,
  extra: Partial<typeof workflowDefinitions.$inferInsert> = {},
  b: WorkflowBody = body(),
) {
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key, name: '费用报销', publishedVersion: 1, ...extra })
    .returning({ id: workflowDefinitions.id });
  await t.db.insert(workflowVersions).values({
    definitionId: def!.id,
    version: 1,
    formSchema: b.form,
    steps: b.steps,
    options: b.options,
  });
  return def!.id;
}

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['emp', 'lead', 'fin1', 'fin2', 'other', 'boss'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@t.example`,
    })),
  );
  await t.db.update(users).set({ managerId: ids.lead }).where(eq(users.id, ids.emp!));
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  definitionId = await createDefinition('expense');
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
});

async function upload(as: string, fileName: string, bytes: Buffer) {
  session.userId = ids[as];
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  const response = await uploadRoute(new Request('http://test/api/uploads', { method: 'POST', body: form }), {
    params: Promise.resolve({}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function start(as: string, defId: string, values: Record<string, unknown>) {
  session.userId = ids[as];
  const response = await startRoute(
    new Request(`http://test/api/workflows/${defId}/instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values }),
    }),
    { params: Promise.resolve({ definitionId: defId }) },
  );
  return { status: response.status, body: (await response.json()) as StartAnswer };
}

async function rowCounts() {
  const [runs] = await t.db.select({ n: count() }).from(localRuns);
  const [instances] = await t.db.select({ n: count() }).from(processInstances);
  const [taskRows] = await t.db.select({ n: count() }).from(tasks);
  return { runs: runs?.n, instances: instances?.n, tasks: taskRows?.n };
}

async function taskList(instanceId: string) {
  return t.db
    .select({
      id: tasks.id,
      assignee: tasks.assigneeUserId,
      status: tasks.status,
      result: tasks.result,
      node: tasks.nodeName,
      dueAt: tasks.dueAt,
    })
    .from(tasks)
    .where(eq(tasks.instanceId, instanceId))
    .orderBy(tasks.receivedAt, tasks.externalTaskId);
}

async function pendingFor(instanceId: string, user: string) {
  const rows = await taskList(instanceId);
  return rows.find((r) => r.assignee === ids[user] && r.status === 'pending');
}

test('uploads: the file is stored with its sha256; anonymous 401; over the limit 413', async () => {
  const bytes = Buffer.from('%PDF-1.4 发票 2026\n%%EOF\n');
  const ok = await upload('emp', '发票.pdf', bytes);
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ fileName: '发票.pdf', size: bytes.length, contentType: 'application/pdf' });
  const [row] = await t.db
    .select()
    .from(uploads)
    .where(eq(uploads.id, ok.body.fileId as string));
  expect(row).toMatchObject({ userId: ids.emp, sha256: createHash('sha256').update(bytes).digest('hex') });

  session.userId = undefined;
  const anonymous = await uploadRoute(
    new Request('http://test/api/uploads', { method: 'POST', body: new FormData() }),
    {
      params: Promise.resolve({}),
    },
  );
  expect(anonymous.status).toBe(401);

  process.env.UPLOAD_MAX_MB = '0.01';
  try {
    const big = await upload('emp', 'big.bin', Buffer.alloc(20 * 1024, 1));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large' });
  } finally {
    delete process.env.UPLOAD_MAX_MB;
  }
});

test('start with bad values: 400 with one issue per field and nothing written', async () => {
  const before = await rowCounts();
  const bad = await start('emp', definitionId, { amount: '12.345', extra: 'x' });
  expect(bad.status).toBe(400);
  expect(bad.body.error?.code).toBe('validation_failed');
  expect(Object.fromEntries((bad.body.error?.issues ?? []).map((i) => [i.path, i.message]))).toEqual({
    'values.reason': '请填写报销事由',
    'values.amount': '金额最多两位小数',
    'values.extra': '表单中没有此字段',
  });
  const malformed = await start('emp', definitionId, 'x' as unknown as Record<string, unknown>);
  expect(malformed.status).toBe(400);
  expect(await rowCounts()).toEqual(before);
});

test('a negative amount is refused when the designer set no minimum (money is ≥ 0 by default): 400, nothing written', async () => {
  const b = body();
  b.form.fields = [
    { key: 'amount', label: '报销金额', type: 'money', required: true },
    { key: 'nights', label: '住宿天数', type: 'number', required: false, min: 0, max: 30, precision: 0 },
  ];
  const defId = await createDefinition('expense-no-min', {}, b);
  const before = await rowCounts();
  const negative = await start('emp', defId, { amount: -5, nights: 31 });
  expect(negative.status).toBe(400);
  expect(negative.body.error?.code).toBe('validation_failed');
  expect(negative.body.error?.issues).toEqual([
    { path: 'values.amount', message: '报销金额不能小于 0' },
    { path: 'values.nights', message: '住宿天数不能大于 30' },
  ]);
  expect((await start('emp', defId, { amount: '-0.01' })).status).toBe(400);
  expect(await rowCounts()).toEqual(before);
  expect((await start('emp', defId, { amount: 0, nights: 2 })).status).toBe(201);
});

test("another user's upload cannot be referenced: 400 at values.files.0, nothing written", async () => {
  const theirs = await upload('other', 'theirs.pdf', Buffer.from('not yours'));
  const before = await rowCounts();
  const answer = await start('emp', definitionId, {
    reason: '差旅',
    amount: 10,
    files: [{ fileId: theirs.body.fileId, fileName: 'x.pdf', size: 1, contentType: 'application/pdf' }],
  });
  expect(answer.status).toBe(400);
  expect(answer.body.error?.issues).toEqual([
    { path: 'values.files.0', message: '发票的第 1 个文件不存在或不是您上传的' },
  ]);
  expect(await rowCounts()).toEqual(before);
});

test('unknown, disabled, unpublished or not-allowed definitions answer 404', async () => {
  const values = { reason: '差旅', amount: 1 };
  expect((await start('emp', '00000000-0000-4000-8000-000000000000', values)).status).toBe(404);
  const disabled = await createDefinition('disabled', { enabled: false });
  expect((await start('emp', disabled, values)).status).toBe(404);
  const draft = await createDefinition('draft-only', { publishedVersion: null });
  expect((await start('emp', draft, values)).status).toBe(404);
  const restricted = await createDefinition('finance-only', {
    starters: { userIds: [ids.fin1], departments: [] },
  });
  expect((await start('emp', restricted, values)).status).toBe(404);
  expect((await start('fin1', restricted, values)).status).toBe(201);
});

test('a run: manager approves, 会签 of two, attachments copied, the full log; acting goes through write-back', async () => {
  const bytes = Buffer.from('%PDF-1.4 机票行程单\n%%EOF\n');
  const file = await upload('emp', '行程单.pdf', bytes);
  const started = await start('emp', definitionId, {
    reason: '上海出差',
    amount: '1280.5',
    // The client's description of the file is replaced by the upload row's.
    files: [{ fileId: file.body.fileId, fileName: 'renamed.exe', size: 1, contentType: 'x' }],
  });
  expect(started.status).toBe(201);
  const instanceId = started.body.instanceId as string;

  const [instance] = await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId));
  expect(instance).toMatchObject({
    source: 'local',
    status: 'running',
    title: 'emp提交的费用报销',
    originatorUserId: ids.emp,
  });
  expect(instance?.summary).toContain('金额：¥1280.50');
  const first = await taskList(instanceId);
  expect(first).toHaveLength(1);
  expect(first[0]).toMatchObject({ assignee: ids.lead, status: 'pending', node: '主管审批' });
  expect(first[0]?.dueAt).not.toBeNull();

  // The attachment is the upload's bytes, copied into the instance like any source's file.
  await expect
    .poll(
      async () =>
        (await t.db.select().from(attachments).where(eq(attachments.instanceId, instanceId)))[0]?.copyStatus,
      {
        timeout: 15_000,
      },
    )
    .toBe('copied');
  const [copied] = await t.db.select().from(attachments).where(eq(attachments.instanceId, instanceId));
  expect(copied).toMatchObject({
    fileName: '行程单.pdf',
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  const { stream } = await getFileStore().open(copied!.storageKey!);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(bytes)).toBe(true);

  // Someone else cannot act on the manager's task.
  await expect(
    actOnTask(t.db, viewer('other'), { taskId: first[0]!.id, action: 'agree' }),
  ).rejects.toMatchObject({
    code: 'forbidden',
  });

  const { actionId } = await actOnTask(t.db, viewer('lead'), {
    taskId: first[0]!.id,
    action: 'agree',
    remark: '同意出差',
  });
  await expect
    .poll(
      async () =>
        (await t.db.select().from(taskActions).where(eq(taskActions.id, actionId)))[0]?.writeBackStatus,
      {
        timeout: 15_000,
      },
    )
    .toBe('confirmed');
  await expect
    .poll(async () => (await taskList(instanceId)).filter((r) => r.status === 'pending').length)
    .toBe(2);

  // fin1 comments, then transfers to other; fin2 agrees; other agrees → completed.
  const fin1Task = await pendingFor(instanceId, 'fin1');
  await actOnTask(t.db, viewer('fin1'), {
    taskId: fin1Task!.id,
    action: 'comment',
    remark: '请补充发票抬头',
  });
  await actOnTask(t.db, viewer('fin1'), {
    taskId: fin1Task!.id,
    action: 'transfer',
    targetUserId: ids.other!,
    remark: '请代批',
  });
  await expect
    .poll(async () => (await pendingFor(instanceId, 'other'))?.node, { timeout: 15_000 })
    .toBe('财务会签');
  const fin2Task = await pendingFor(instanceId, 'fin2');
  await actOnTask(t.db, viewer('fin2'), { taskId: fin2Task!.id, action: 'agree' });
  await expect
    .poll(async () => (await pendingFor(instanceId, 'fin2')) === undefined, { timeout: 15_000 })
    .toBe(true);
  expect(
    (await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId)))[0]?.status,
  ).toBe('running');
  const otherTask = await pendingFor(instanceId, 'other');
  await actOnTask(t.db, viewer('other'), { taskId: otherTask!.id, action: 'agree' });
  await expect
    .poll(
      async () =>
        (await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId)))[0]?.status,
      {
        timeout: 15_000,
      },
    )
    .toBe('completed');

  const detail = await getInstanceForViewer(t.db, viewer('emp'), instanceId);
  expect(detail).toMatchObject({ result: 'agree', isOriginator: true, source: 'local' });
  const logs = await t.db
    .select({ action: processLogs.action, remark: processLogs.remark, actor: processLogs.actorUserId })
    .from(processLogs)
    .where(eq(processLogs.instanceId, instanceId))
    .orderBy(processLogs.occurredAt, processLogs.externalRecordId);
  expect(logs.map((l) => l.action)).toEqual([
    'start',
    'agree',
    'comment',
    'redirect',
    'agree',
    'agree',
    'finish',
  ]);
  expect(logs.find((l) => l.action === 'comment')).toMatchObject({
    remark: '请补充发票抬头',
    actor: ids.fin1,
  });
  // Every Huiban action was confirmed by the engine.
  const actions = await t.db
    .select({ status: taskActions.writeBackStatus })
    .from(taskActions)
    .where(eq(taskActions.instanceId, instanceId));
  await expect
    .poll(async () =>
      (
        await t.db
          .select({ status: taskActions.writeBackStatus })
          .from(taskActions)
          .where(eq(taskActions.instanceId, instanceId))
      ).map((a) => a.status),
    )
    .toEqual(actions.map(() => 'confirmed'));
  // An outsider sees nothing of it.
  expect(await getInstanceForViewer(t.db, viewer('fin2'), instanceId)).not.toBeNull();
  expect(
    await getInstanceForViewer(t.db, { userId: ids.boss!, name: 'boss', isAdmin: false }, instanceId),
  ).toBeNull();
});

test('refuse ends the instance; the originator may revoke a running one', async () => {
  const refused = await start('emp', definitionId, { reason: '购书', amount: 99 });
  const leadTask = await pendingFor(refused.body.instanceId, 'lead');
  await actOnTask(t.db, viewer('lead'), { taskId: leadTask!.id, action: 'refuse', remark: '不必要' });
  await expect
    .poll(
      async () =>
        (
          await t.db.select().from(processInstances).where(eq(processInstances.id, refused.body.instanceId))
        )[0]?.result,
      {
        timeout: 15_000,
      },
    )
    .toBe('refuse');

  const revoked = await start('emp', definitionId, { reason: '培训', amount: 500 });
  await expect(
    revokeInstance(t.db, viewer('lead'), { instanceId: revoked.body.instanceId, action: 'revoke' }),
  ).rejects.toMatchObject({
    code: 'forbidden',
  });
  await revokeInstance(t.db, viewer('emp'), {
    instanceId: revoked.body.instanceId,
    action: 'revoke',
    remark: '不去了',
  });
  await expect
    .poll(
      async () =>
        (
          await t.db.select().from(processInstances).where(eq(processInstances.id, revoked.body.instanceId))
        )[0]?.status,
      {
        timeout: 15_000,
      },
    )
    .toBe('terminated');
  expect((await taskList(revoked.body.instanceId)).map((r) => r.status)).toEqual(['cancelled']);
});

test('a missing manager falls to the admins, with a note in the log', async () => {
  const started = await start('fin2', definitionId, { reason: '办公用品', amount: 30 });
  expect(started.status).toBe(201);
  const rows = await taskList(started.body.instanceId);
  expect(rows.map((r) => r.assignee)).toEqual([ids.boss]);
  const logs = await t.db
    .select()
    .from(processLogs)
    .where(eq(processLogs.instanceId, started.body.instanceId));
  expect(logs.some((l) => l.action === 'notice' && l.remark?.includes('已转给管理员审批'))).toBe(true);
});

test('originatorPick: the approver the originator chose in a user field gets the task', async () => {
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'pick', name: '自选审批人', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  await t.db.insert(workflowVersions).values({
    definitionId: def!.id,
    version: 1,
    formSchema: {
      fields: [{ key: 'approver', label: '审批人', type: 'user', required: true, multiple: false }],
    },
    steps: [
      {
        id: 'a',
        name: '自选审批',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'originatorPick', fieldKey: 'approver' },
      },
    ],
    options: {},
  });
  const started = await start('emp', def!.id, { approver: ids.fin2 });
  expect(started.status).toBe(201);
  expect((await taskList(started.body.instanceId)).map((r) => r.assignee)).toEqual([ids.fin2]);
  const [instance] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.id, started.body.instanceId));
  expect(instance?.formValues).toEqual([
    { id: 'approver', name: '审批人', type: 'user', value: ids.fin2, display: 'fin2' },
  ]);
  // A resigned user cannot be picked.
  await t.db.update(users).set({ status: 'resigned' }).where(eq(users.id, ids.fin2!));
  const bad = await start('emp', def!.id, { approver: ids.fin2 });
  expect(bad.body.error?.issues).toEqual([
    { path: 'values.approver', message: '审批人的人员不存在或已停用' },
  ]);
  await t.db.update(users).set({ status: 'active' }).where(eq(users.id, ids.fin2!));
});

test('admin routes: cancel and connect-actions answer 401 / 403 / 400 / 404 through the envelope', async () => {
  const { POST: cancelRoute } = await import('@/app/api/admin/local-instances/[instanceId]/cancel/route');
  const { GET: connectRoute } = await import('@/app/api/admin/connect-actions/route');
  const running = await start('emp', definitionId, { reason: '会议室', amount: 1 });
  const cancel = async (as: string | undefined, instanceId: string, body: unknown) => {
    session.userId = as ? ids[as] : undefined;
    const response = await cancelRoute(
      new Request(`http://test/api/admin/local-instances/${instanceId}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ instanceId }) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  expect((await cancel(undefined, running.body.instanceId, { reason: 'x' })).status).toBe(401);
  expect((await cancel('emp', running.body.instanceId, { reason: 'x' })).status).toBe(403);
  expect((await cancel('boss', running.body.instanceId, { reason: ' ' })).status).toBe(400);
  expect((await cancel('boss', '00000000-0000-4000-8000-000000000000', { reason: 'x' })).status).toBe(404);
  expect(await cancel('boss', running.body.instanceId, { reason: '测试取消' })).toEqual({
    status: 200,
    body: { instanceId: running.body.instanceId, status: 'cancelled' },
  });

  session.userId = ids.emp;
  const url = 'http://test/api/admin/connect-actions?connectorId=00000000-0000-4000-8000-000000000000';
  expect((await connectRoute(new Request(url), { params: Promise.resolve({}) })).status).toBe(403);
  session.userId = ids.boss;
  expect((await connectRoute(new Request(url), { params: Promise.resolve({}) })).status).toBe(404);
  expect(
    (
      await connectRoute(new Request('http://test/api/admin/connect-actions'), {
        params: Promise.resolve({}),
      })
    ).status,
  ).toBe(400);
});
