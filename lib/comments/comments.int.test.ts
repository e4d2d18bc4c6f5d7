import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  attachments,
  identities,
  instanceMentions,
  processInstances,
  processLogs,
  taskActions,
  tasks,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { log } from '@/lib/log';
import { saveUpload } from '@/lib/storage/save-upload';
import { refreshInstance } from '@/lib/sync/refresh-instance';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { getAttachmentForViewer, getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { notifyMentions } from './notify-mentions';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let ids: Record<string, string>;
let connectorId: string;
const viewer = (u: string) => ({ userId: ids[u] ?? '', name: u, isAdmin: false });

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      username: u,
      name: `用户${u}`,
      email: `${u}@test.example`,
      password: null,
    })),
  );
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    config: { agentId: TEST_APP.agentId },
  }));
  // u5 takes part in no approval: their DingTalk account is known from the directory (as a sync would link it).
  await t.db
    .insert(identities)
    .values({ connectorId, externalUserId: 'u5', userId: ids.u5!, matchedBy: 'manual' });
  worker = await startWorker({ databaseUrl: t.url, schedules: false });
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await sandbox?.close();
});

function start(): string {
  return String(
    sandbox.control.startInstance({
      processCode: TEST_PROCESS_CODE,
      originatorUserId: 'u1',
      approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
      form: { 采购事由: '服务器' },
    }).processInstanceId,
  );
}

async function pendingTaskOf(user: string, externalId: string) {
  const find = async () =>
    (
      await t.db
        .select({ id: tasks.id, instanceId: tasks.instanceId })
        .from(tasks)
        .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
        .where(
          and(
            eq(processInstances.externalId, externalId),
            eq(tasks.assigneeUserId, ids[user]!),
            eq(tasks.status, 'pending'),
          ),
        )
    )[0];
  await expect.poll(find, { timeout: 20_000 }).toBeTruthy();
  return (await find())!;
}

async function upload(user: string, fileName: string, text: string) {
  const body = new FormData();
  body.append('file', new Blob([text], { type: 'text/plain' }), fileName);
  return saveUpload(
    t.db,
    viewer(user),
    new Request('http://huiban.test/api/uploads', { method: 'POST', body }),
  );
}

async function writeBack(actionId: string) {
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  return row?.writeBackStatus;
}

test('an @mention lets that person read that instance only, notifies them once, and files go to DingTalk with the comment', async () => {
  const [a, b] = [start(), start()];
  const task = await pendingTaskOf('u2', a);
  const other = await pendingTaskOf('u2', b);
  expect(await getInstanceForViewer(t.db, viewer('u5'), task.instanceId)).toBeNull();

  const file = await upload('u2', '报价单.txt', '型号 R760 × 2');
  const { actionId } = await actOnTask(t.db, viewer('u2'), {
    taskId: task.id,
    action: 'comment',
    remark: '@用户u5 请确认报价',
    mentionUserIds: [ids.u5!],
    uploadIds: [file.fileId],
  });

  // The mentioned person reads that instance (why: mentioned), with the comment's file; the other one stays 404.
  const seen = await getInstanceForViewer(t.db, viewer('u5'), task.instanceId);
  expect(seen?.visibility.map((v) => v.reason)).toEqual(['mention']);
  expect(await getInstanceForViewer(t.db, viewer('u5'), other.instanceId)).toBeNull();
  expect(await getInstanceForViewer(t.db, viewer('u4'), task.instanceId)).toBeNull();
  const comment = seen?.logs.find((l) => l.action === 'comment');
  expect(comment).toMatchObject({
    actorName: '用户u2',
    remark: '@用户u5 请确认报价',
    targets: [{ name: '用户u5' }],
  });
  expect(comment?.attachments.map((f) => [f.fileName, f.isAvailable])).toEqual([['报价单.txt', true]]);
  const fileId = comment?.attachments[0]?.id ?? '';
  expect(await getAttachmentForViewer(t.db, viewer('u5'), fileId)).not.toBeNull();
  expect(await getAttachmentForViewer(t.db, viewer('u1'), fileId)).not.toBeNull();
  expect(await getAttachmentForViewer(t.db, viewer('u4'), fileId)).toBeNull();

  // One DingTalk work notice to u5, linking to the instance inside DingTalk; running the job again sends none.
  await expect.poll(() => sandbox.control.notices({ userId: 'u5' }).length, { timeout: 20_000 }).toBe(1);
  const [notice] = sandbox.control.notices({ userId: 'u5' });
  expect(JSON.stringify(notice?.msg)).toContain(`instances%2F${task.instanceId}`);
  const noticeStatus = async () =>
    (await t.db.select().from(instanceMentions).where(eq(instanceMentions.userId, ids.u5!)))[0]?.noticeStatus;
  await expect.poll(noticeStatus, { timeout: 20_000 }).toBe('sent');
  expect(await notifyMentions(t.db, { instanceId: task.instanceId })).toEqual({ sent: 0, notNotified: 0 });
  expect(sandbox.control.notices({ userId: 'u5' })).toHaveLength(1);

  // Written back: DingTalk's comment carries the text and the file (uploaded to the approval space first).
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  const records = (
    sandbox.control.getInstance(a) as {
      operationRecords: {
        type: string;
        remark?: string;
        attachments?: { fileName: string; fileId: string }[];
      }[];
    }
  ).operationRecords;
  const added = records.filter((r) => r.type === 'ADD_REMARK');
  expect(added).toHaveLength(1);
  expect(added[0]?.remark).toBe('@用户u5 请确认报价');
  expect(added[0]?.attachments?.map((f) => f.fileName)).toEqual(['报价单.txt']);

  // DingTalk's echo of the comment is not shown a second time.
  const after = await getInstanceForViewer(t.db, viewer('u2'), task.instanceId);
  expect(after?.logs.filter((l) => l.action === 'comment')).toHaveLength(1);

  // The echo (read back by the confirming snapshot) names the file by its DingTalk id: that is Huiban's stored
  // copy, linked by the id the upload got, not a second attachment whose bytes would be copied again.
  const echoes = await t.db
    .select({ id: processLogs.id })
    .from(processLogs)
    .where(and(eq(processLogs.instanceId, task.instanceId), eq(processLogs.action, 'comment')));
  expect(echoes).toHaveLength(2);
  const stored = async () =>
    t.db
      .select({
        logId: attachments.logId,
        externalFileId: attachments.externalFileId,
        sourceFileId: attachments.sourceFileId,
        copyStatus: attachments.copyStatus,
      })
      .from(attachments)
      .where(eq(attachments.instanceId, task.instanceId));
  const dingtalkFileId = added[0]?.attachments?.[0]?.fileId;
  expect(dingtalkFileId).toBeTruthy();
  expect(await stored()).toEqual([
    {
      logId: comment?.id,
      externalFileId: file.fileId,
      sourceFileId: dingtalkFileId,
      copyStatus: 'copied',
    },
  ]);
  // Read again (a later event, a reconciliation): still the one row, shown once with the comment.
  await refreshInstance(t.db, (await unsafeLoadConnectorRuntime(t.db, connectorId))!, a, { log });
  expect(await stored()).toHaveLength(1);
  const again = await getInstanceForViewer(t.db, viewer('u2'), task.instanceId);
  expect(again?.logs.flatMap((l) => l.attachments.map((f) => f.fileName))).toEqual(['报价单.txt']);
  expect(again?.attachments).toEqual([]);

  // Mentioning u5 again on the same instance keeps one grant and sends no second notice.
  await actOnTask(t.db, viewer('u2'), {
    taskId: task.id,
    action: 'comment',
    remark: '再提醒一次',
    mentionUserIds: [ids.u5!],
  });
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).toBe('confirmed');
  expect(
    await t.db.select().from(instanceMentions).where(eq(instanceMentions.instanceId, task.instanceId)),
  ).toHaveLength(1);
}, 90_000);

test('bad comment extras are refused with 400 and change nothing', async () => {
  const id = start();
  const task = await pendingTaskOf('u2', id);
  const theirs = await upload('u3', 'not-yours.txt', 'secret');
  const before = await t.db.select().from(taskActions).where(eq(taskActions.taskId, task.id));
  await expect(
    actOnTask(t.db, viewer('u2'), {
      taskId: task.id,
      action: 'comment',
      remark: 'x',
      uploadIds: [theirs.fileId],
    }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  await expect(
    actOnTask(t.db, viewer('u2'), {
      taskId: task.id,
      action: 'comment',
      remark: 'x',
      mentionUserIds: ['00000000-0000-4000-8000-000000000000'],
    }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  // Only the assignee comments: someone else cannot mention their way in.
  await expect(
    actOnTask(t.db, viewer('u4'), {
      taskId: task.id,
      action: 'comment',
      remark: 'x',
      mentionUserIds: [ids.u4!],
    }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  expect(await t.db.select().from(taskActions).where(eq(taskActions.taskId, task.id))).toEqual(before);
  expect(await getInstanceForViewer(t.db, viewer('u4'), task.instanceId)).toBeNull();
});
