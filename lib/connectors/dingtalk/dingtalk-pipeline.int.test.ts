import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { attachments, inboundEvents, processInstances, processLogs, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getFileStore } from '@/lib/storage/file-store';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let connectorId: string;
let userIds: Record<string, string>;

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  userIds = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@test.example`,
      password: null,
    })),
  );
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

const PDF = Buffer.from('%PDF-1.4\n报价单 Q-2026-1123\n%%EOF\n', 'utf8');

function startPurchase() {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'NONE', userIds: ['u2'] },
      { actionType: 'NONE', userIds: ['u3'] },
    ],
    ccUserIds: ['u4'],
    form: { 采购事由: '笔记本电脑', '金额（元）': '8000' },
    files: [{ fileName: '报价单.pdf', fileType: 'pdf', base64: PDF.toString('base64') }],
  });
  return started.processInstanceId as string;
}

async function tasksOf(instanceExternalId: string) {
  return t.db
    .select({
      kind: tasks.kind,
      assignee: tasks.assigneeExternalId,
      assigneeUserId: tasks.assigneeUserId,
      status: tasks.status,
      result: tasks.result,
    })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, instanceExternalId)),
    )
    .orderBy(tasks.kind, tasks.assigneeExternalId);
}

async function instanceRow(externalId: string) {
  const [row] = await t.db
    .select()
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)));
  return row;
}

test('Stream mode: a two-approver purchase with cc and attachment ends as the sandbox says (refused at step 2)', async () => {
  const id = startPurchase();
  await expect
    .poll(async () => (await tasksOf(id)).map((r) => `${r.kind}:${r.assignee}:${r.status}`), {
      timeout: 20_000,
    })
    .toEqual(['approval:u2:pending', 'cc:u4:done']);

  // Identities resolve by email in the background: tasks then point at the Huiban users.
  await expect
    .poll(async () => (await tasksOf(id)).map((r) => r.assigneeUserId), { timeout: 20_000 })
    .toEqual([userIds.u2, userIds.u4]);
  const started = await instanceRow(id);
  expect(started).toMatchObject({
    status: 'running',
    title: expect.stringContaining('采购'),
    originatorExternalId: 'u1',
  });
  expect(started?.summary).toContain('笔记本电脑');

  // The attachment's bytes are copied into Huiban's storage, identical to DingTalk's.
  const [file] = sandbox.control.listFiles(id);
  expect(file).toBeDefined();
  await expect
    .poll(
      async () =>
        (await t.db.select().from(attachments).where(eq(attachments.instanceId, started!.id)))[0]?.copyStatus,
      {
        timeout: 20_000,
      },
    )
    .toBe('copied');
  const [copied] = await t.db.select().from(attachments).where(eq(attachments.instanceId, started!.id));
  const expectedSha = createHash('sha256').update(sandbox.control.fileBytes(file!.fileId)).digest('hex');
  expect(copied?.sha256).toBe(expectedSha);
  const { stream } = await getFileStore().open(copied!.storageKey!);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(expectedSha);

  sandbox.control.act(id, { userId: 'u2', action: 'agree', remark: '同意采购' });
  await expect
    .poll(
      async () => (await tasksOf(id)).map((r) => `${r.kind}:${r.assignee}:${r.status}:${r.result ?? ''}`),
      {
        timeout: 20_000,
      },
    )
    .toEqual(['approval:u2:done:agree', 'approval:u3:pending:', 'cc:u4:done:none']);

  sandbox.control.act(id, { userId: 'u3', action: 'refuse', remark: '预算不足' });
  await expect.poll(async () => (await instanceRow(id))?.status, { timeout: 20_000 }).toBe('completed');
  expect((await instanceRow(id))?.result).toBe('refuse');
  expect((await tasksOf(id)).map((r) => `${r.assignee}:${r.status}:${r.result ?? ''}`)).toEqual([
    'u2:done:agree',
    'u3:done:refuse',
    'u4:done:none',
  ]);

  // The process log mirrors DingTalk's operationRecords one to one.
  const source = sandbox.control.getInstance(id) as {
    operationRecords: { type: string; userId: string; remark?: string }[];
  };
  const logs = await t.db
    .select({ action: processLogs.action, actor: processLogs.actorExternalId, remark: processLogs.remark })
    .from(processLogs)
    .where(eq(processLogs.instanceId, started!.id))
    .orderBy(processLogs.occurredAt, processLogs.createdAt);
  expect(logs).toHaveLength(source.operationRecords.length);
  expect(logs.map((l) => l.remark).filter(Boolean)).toEqual(['同意采购', '预算不足']);

  // Every event was stored once and processed.
  const events = await t.db.select().from(inboundEvents).where(eq(inboundEvents.instanceExternalId, id));
  expect(events.length).toBeGreaterThanOrEqual(4);
  expect(new Set(events.map((e) => e.status))).toEqual(new Set(['processed']));
});

test('duplicated and redelivered events end in the same rows', async () => {
  const id = startPurchase();
  await expect.poll(async () => (await tasksOf(id)).length, { timeout: 20_000 }).toBe(2);
  const before = await tasksOf(id);
  const [first] = sandbox.control.events({ processInstanceId: id });
  sandbox.control.redeliverEvent(first!.eventId);
  sandbox.control.redeliverEvent(first!.eventId);
  await sandbox.control.waitForIdle();
  await new Promise((r) => setTimeout(r, 3000));
  expect(await tasksOf(id)).toEqual(before);
  const stored = await t.db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(eq(inboundEvents.sourceEventId, first!.eventId));
  expect(stored).toHaveLength(1);
});
