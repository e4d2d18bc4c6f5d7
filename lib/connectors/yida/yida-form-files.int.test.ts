import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { attachments, processInstances, processLogs } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getFileStore } from '@/lib/storage/file-store';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createYidaConnector } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';
import { type RunningWorker, startWorker } from '@/worker/start-worker';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let close: () => Promise<void>;
let connectorId: string;

/** 2026-12-07 00:00 in Asia/Shanghai: how Yida stores a date-only value. */
const VISIT_DATE = 1796572800000;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ({ id: connectorId } = await createYidaConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
    config: { oapiBase: sandbox.url },
  }));
  const { POST } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
  let base: string;
  ({ close, base } = await serveRoute(POST, ['connectorId', 'action']));
  const url = (action: string) => `${base}/api/callbacks/yida/${connectorId}/${action}`;
  sandbox.control.setYidaPushTargets(TEST_YIDA.appType, {
    create: url('create'),
    complete: url('complete'),
    cancel: url('cancel'),
    delete: url('delete'),
    cc: url('cc'),
  });
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await close?.();
  await t?.drop();
  await sandbox?.close();
});

test('a Yida image and attachment are copied through temporaryUrls with the sandbox’s sha256; labels, dates and the process name come from Yida', async () => {
  const photo = sandbox.control.uploadYidaFile({
    appType: TEST_YIDA.appType,
    name: '证件.png',
    base64: PNG.toString('base64'),
    contentType: 'image/png',
  });
  const letter = sandbox.control.uploadYidaFile({
    appType: TEST_YIDA.appType,
    name: '邀请函.txt',
    base64: Buffer.from('欢迎来访', 'utf8').toString('base64'),
    contentType: 'text/plain',
  });
  const item = ({ sha256: _, ...rest }: typeof photo) => rest;
  const started = sandbox.control.startYidaInstance({
    appType: TEST_YIDA.appType,
    originatorId: 'u1',
    data: {
      textField_visitor: '访客乙',
      dateField_visit: VISIT_DATE,
      imageField_badge: JSON.stringify([item(photo)]),
      attachmentField_doc: [item(letter)],
    },
  });
  const externalId = String(started.processInstanceId);
  await sandbox.control.waitForIdle();

  const files = await waitFor(async () => {
    const [inst] = await t.db
      .select({ id: processInstances.id })
      .from(processInstances)
      .where(eq(processInstances.externalId, externalId));
    if (!inst) return undefined;
    const rows = await t.db.select().from(attachments).where(eq(attachments.instanceId, inst.id));
    return rows.length === 2 && rows.every((r) => r.copyStatus === 'copied') ? rows : undefined;
  }, 20_000);
  const byName = Object.fromEntries(files.map((f) => [f.fileName, f]));
  expect(byName['证件.png']).toMatchObject({ sha256: photo.sha256, fileSize: PNG.length, logId: null });
  expect(byName['证件.png']?.externalFileId).toBe(photo.downloadUrl);
  expect(byName['邀请函.txt']).toMatchObject({ sha256: letter.sha256 });
  // The stored bytes are the sandbox's bytes.
  const { stream } = await getFileStore().open(byName['证件.png']?.storageKey ?? '');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  expect(Buffer.concat(chunks).equals(PNG)).toBe(true);

  const [inst] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.externalId, externalId));
  expect(inst?.processName).toBe('访客申请');
  const values = Object.fromEntries((inst?.formValues ?? []).map((v) => [v.id, v]));
  expect(values.dateField_visit).toMatchObject({
    name: '来访日期',
    type: 'DateField',
    display: '2026-12-07',
  });
  expect(values.imageField_badge).toMatchObject({ name: '证件照', type: 'ImageField', display: '证件.png' });
  expect(values.attachmentField_doc).toMatchObject({ name: '邀请函', type: 'AttachmentField' });
  expect(inst?.summary).toContain('来访日期: 2026-12-07');
});

test('a file the approver attached to a Yida step (the record’s `files`) is copied and carried by that step of the timeline', async () => {
  const memo = sandbox.control.uploadYidaFile({
    appType: TEST_YIDA.appType,
    name: '审批意见.txt',
    base64: Buffer.from('同意，附意见', 'utf8').toString('base64'),
    contentType: 'text/plain',
  });
  const { sha256: _, ...memoValue } = memo;
  const started = sandbox.control.startYidaInstance({
    appType: TEST_YIDA.appType,
    originatorId: 'u1',
    data: { textField_visitor: '访客丙', dateField_visit: VISIT_DATE },
  });
  const externalId = String(started.processInstanceId);
  const approver = (started.tasks as { userId: string; status: string }[]).find(
    (task) => task.status === 'RUNNING',
  )?.userId;
  expect(approver).toBeTruthy();
  await sandbox.control.waitForIdle();
  sandbox.control.actYida(externalId, {
    userId: approver ?? '',
    action: 'agree',
    remark: '见附件',
    files: [memoValue],
  });
  await sandbox.control.waitForIdle();

  const file = await waitFor(async () => {
    const [inst] = await t.db
      .select({ id: processInstances.id })
      .from(processInstances)
      .where(eq(processInstances.externalId, externalId));
    if (!inst) return undefined;
    const [row] = await t.db.select().from(attachments).where(eq(attachments.instanceId, inst.id));
    return row?.copyStatus === 'copied' ? row : undefined;
  }, 20_000);
  expect(file).toMatchObject({
    fileName: '审批意见.txt',
    sha256: memo.sha256,
    externalFileId: memo.downloadUrl,
  });
  // Carried by the approver's step (not the form): the timeline shows it there.
  expect(file.logId).not.toBeNull();
  const [log] = await t.db
    .select()
    .from(processLogs)
    .where(eq(processLogs.id, file.logId ?? ''));
  expect(log).toMatchObject({ action: 'agree', remark: '见附件', actorExternalId: approver });
  // What the instance page's timeline renders (components/tasks/ProcessTimeline.tsx reads logs[].attachments).
  const admin = { userId: '00000000-0000-4000-8000-00000000000a', name: 'admin', isAdmin: true };
  const detail = await getInstanceForViewer(t.db, admin, file.instanceId);
  const step = detail?.logs.find((l) => l.attachments.length > 0);
  expect(step?.attachments.map((a) => a.fileName)).toEqual(['审批意见.txt']);
  expect(detail?.attachments.map((a) => a.fileName)).not.toContain('审批意见.txt');
});

test('the sandbox’s temporaryUrls refuses a bad timeout, a relative fileUrl and a wrong systemToken, and its URL expires', async () => {
  const photo = sandbox.control.uploadYidaFile({
    appType: TEST_YIDA.appType,
    name: 'a.png',
    base64: PNG.toString('base64'),
  });
  const tokenRes = await fetch(`${sandbox.url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: TEST_APP.clientId, appSecret: TEST_APP.clientSecret }),
  });
  const { accessToken } = (await tokenRes.json()) as { accessToken: string };
  const call = (q: Record<string, string>) =>
    fetch(
      `${sandbox.url}/v1.0/yida/apps/temporaryUrls/${TEST_YIDA.appType}?${new URLSearchParams({
        systemToken: TEST_YIDA.systemToken,
        userId: 'u1',
        fileUrl: `https://www.aliwork.com${photo.downloadUrl}`,
        ...q,
      })}`,
      { headers: { 'x-acs-dingtalk-access-token': accessToken } },
    );
  expect(await (await call({ timeout: '0' })).json()).toMatchObject({
    code: 'invalidParameter.parameter.error',
  });
  expect(await (await call({ fileUrl: photo.downloadUrl })).json()).toMatchObject({
    code: 'invalidParameter.parameter.error',
  });
  expect(await (await call({ systemToken: 'wrong' })).json()).toMatchObject({
    code: 'invalidParameter.parameter.accessKeyNotMatch',
  });
  const ok = (await (await call({ timeout: '1' })).json()) as { result: string };
  await waitFor(async () => ((await fetch(ok.result)).status === 403 ? true : undefined), 5_000);
});
