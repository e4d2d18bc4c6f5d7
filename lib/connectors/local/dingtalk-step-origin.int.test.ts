import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  connectors,
  identities,
  localDingtalkLinks,
  localEffects,
  localRuns,
  processInstances,
  uploads,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { getFileStore } from '@/lib/storage/file-store';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { dingtalkSettings } from '../dingtalk/config';
import { callApi } from '../dingtalk/open-api';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import type { WorkflowBody } from './definition-schema';
import { runLocalEffect } from './run-local-effect';
import { startLocalInstance } from './start-local-instance';
import { getStartForm } from './workflows/list-startable-workflows';

/**
 * The DingTalk-approval step of a local workflow, against the sandbox: it applies in the originator's real
 * department (asked on the form only when they have several), and local attachments reach DingTalk as files in
 * the approval space (upload info → PUT → commit → DDAttachment value) whose bytes equal the local file's.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let definitionId: string;

const who = (u: string) => ({ userId: ids[u] as string, name: u, isAdmin: false });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-storage-'));
  const scenario = minimalScenario();
  const org = scenario.orgs[0]!;
  org.departments.push({ deptId: 3, name: '市场部' });
  org.users[0]!.deptIds = [2, 3]; // u1 is in two departments
  org.templates[0]!.defaultApprovers = [{ actionType: 'NONE', userIds: ['u3'] }];
  sandbox = await startSandbox({ scenario });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3'].map((u) => ({ username: u, name: u, email: `${u}@test.example` })),
  );
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  const [dt] = await t.db.select().from(connectors).where(eq(connectors.id, dingtalkId));
  await t.db
    .update(connectors)
    .set({ config: { ...dt!.config, agentId: TEST_APP.agentId } })
    .where(eq(connectors.id, dingtalkId));
  // What the directory sync stored. No unionIds: the step asks DingTalk (§7.1) before uploading.
  await t.db.insert(identities).values([
    { connectorId: dingtalkId, externalUserId: 'u1', userId: ids.u1, departments: ['2', '3'] },
    { connectorId: dingtalkId, externalUserId: 'u2', userId: ids.u2, departments: ['2'] },
    { connectorId: dingtalkId, externalUserId: 'u3', userId: ids.u3, departments: ['2'] },
  ]);
  const body: WorkflowBody = {
    form: {
      fields: [
        { key: 'reason', label: '采购事由', type: 'text', required: true },
        { key: 'files', label: '附件', type: 'attachments', required: false, maxFiles: 9 },
      ],
    },
    steps: [
      {
        id: 'dt',
        name: '钉钉采购审批',
        kind: 'dingtalkApproval',
        connectorId: dingtalkId,
        processCode: TEST_PROCESS_CODE,
        fieldMap: [
          { fieldKey: 'reason', componentName: '采购事由' },
          { fieldKey: 'files', componentName: '附件' },
        ],
      },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'origin', name: '采购（钉钉审批）', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  definitionId = def!.id;
  await t.db.insert(workflowVersions).values({
    definitionId,
    version: 1,
    formSchema: body.form,
    steps: body.steps,
    options: body.options,
  });
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  await t?.drop();
});

/** A file the user uploaded to Huiban's storage (what POST /api/uploads stores). */
async function upload(user: string, fileName: string, bytes: Buffer) {
  const stored = await getFileStore().put(Readable.from(bytes), { prefix: 'uploads' });
  const [row] = await t.db
    .insert(uploads)
    .values({
      userId: ids[user]!,
      fileName,
      size: stored.size,
      contentType: 'application/pdf',
      storageKey: stored.storageKey,
      sha256: stored.sha256,
    })
    .returning();
  return { fileId: row!.id, fileName, size: stored.size, contentType: 'application/pdf' };
}

async function startEffectOf(instanceId: string) {
  const [instance] = await t.db.select().from(processInstances).where(eq(processInstances.id, instanceId));
  const [effect] = await t.db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, instance!.externalId), eq(localEffects.key, 'dingtalk:dt')));
  return { runId: instance!.externalId, effect: effect! };
}

async function dingtalkInstanceOf(runId: string) {
  const [link] = await t.db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.runId, runId));
  const connector = await unsafeLoadConnectorRuntime(t.db, dingtalkId);
  // What a DingTalk approver's client reads: the instance detail (§5.1).
  const detail = await callApi<{
    result: { originatorDeptId: string; formComponentValues: { name: string; value: string }[] };
  }>(dingtalkSettings(connector!), '/v1.0/workflow/processInstances', {
    query: { processInstanceId: link!.dingtalkInstanceId },
  });
  return { id: link!.dingtalkInstanceId, ...detail.result };
}

test('one department: not asked; the start body carries it, and the attachment is a DingTalk file with the same bytes', async () => {
  expect((await getStartForm(t.db, who('u2'), definitionId)).departments).toBeNull();
  const pdf = Buffer.from(`%PDF-1.4 报价单 ${'x'.repeat(5000)}`);
  const file = await upload('u2', '报价单.pdf', pdf);
  const { instanceId } = await startLocalInstance(t.db, who('u2'), {
    definitionId,
    values: { reason: '显示器 2 台', files: [file] },
    // Ignored: nothing was asked.
    dingtalkDeptId: '3',
  });
  const { runId, effect } = await startEffectOf(instanceId);
  expect((await t.db.select().from(localRuns).where(eq(localRuns.id, runId)))[0]?.dingtalkDeptId).toBeNull();
  expect(await runLocalEffect(t.db, effect.id, { log, isFinalAttempt: false })).toBe('done');

  const dt = await dingtalkInstanceOf(runId);
  expect(dt.originatorDeptId).toBe('2');
  const value = dt.formComponentValues.find((v) => v.name === '附件')?.value ?? '';
  const files = JSON.parse(value) as Record<string, string>[];
  expect(files).toHaveLength(1);
  expect(files[0]).toEqual({
    spaceId: expect.any(String),
    fileName: '报价单.pdf',
    fileSize: String(pdf.length),
    fileType: 'pdf',
    fileId: expect.any(String),
  });
  // The sandbox holds the bytes, equal to the local file, and grants a DingTalk download of it.
  expect(sandbox.control.file(files[0]!.fileId!).sha256).toBe(sha256(pdf));
  expect(sha256(sandbox.control.fileBytes(files[0]!.fileId!))).toBe(sha256(pdf));
  const connector = await unsafeLoadConnectorRuntime(t.db, dingtalkId);
  const grant = await callApi<{ result: { downloadUri: string } }>(
    dingtalkSettings(connector!),
    '/v1.0/workflow/processInstances/spaces/files/urls/download',
    { body: { processInstanceId: dt.id, fileId: files[0]!.fileId } },
  );
  const downloaded = Buffer.from(await (await fetch(grant.result.downloadUri)).arrayBuffer());
  expect(sha256(downloaded)).toBe(sha256(pdf));
});

test('several departments: the form asks, the choice is required, stored with the run and sent', async () => {
  expect((await getStartForm(t.db, who('u1'), definitionId)).departments).toEqual([
    { id: '2', name: '研发部' },
    { id: '3', name: '市场部' },
  ]);
  const values = { reason: '展会物料' };
  await expect(startLocalInstance(t.db, who('u1'), { definitionId, values })).rejects.toMatchObject({
    code: 'validation_failed',
    issues: [{ path: 'dingtalkDeptId', message: '请选择以哪个部门发起' }],
  });
  await expect(
    startLocalInstance(t.db, who('u1'), { definitionId, values, dingtalkDeptId: '9' }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
  const { instanceId } = await startLocalInstance(t.db, who('u1'), {
    definitionId,
    values,
    dingtalkDeptId: '3',
  });
  const { runId, effect } = await startEffectOf(instanceId);
  expect((await t.db.select().from(localRuns).where(eq(localRuns.id, runId)))[0]?.dingtalkDeptId).toBe('3');
  expect(await runLocalEffect(t.db, effect.id, { log, isFinalAttempt: false })).toBe('done');
  expect((await dingtalkInstanceOf(runId)).originatorDeptId).toBe('3');
});

test('a retry after the start call failed reuses the files already uploaded and starts one instance', async () => {
  const a = Buffer.from('first file body');
  const b = Buffer.from('second file body, longer');
  const files = [await upload('u2', '清单.txt', a), await upload('u2', '清单.txt', b)];
  const { instanceId } = await startLocalInstance(t.db, who('u2'), {
    definitionId,
    values: { reason: '重试', files },
  });
  const { runId, effect } = await startEffectOf(instanceId);
  const before = sandbox.control.listInstances({ processCode: TEST_PROCESS_CODE }).length;
  sandbox.control.failNextCalls({
    kind: '5xx',
    count: 1,
    apiExact: 'POST /v1.0/workflow/processInstances',
  });
  await expect(runLocalEffect(t.db, effect.id, { log, isFinalAttempt: false })).rejects.toThrow();
  const [afterFailure] = await t.db.select().from(localEffects).where(eq(localEffects.id, effect.id));
  expect(afterFailure?.status).toBe('calling');
  const uploaded = (afterFailure!.progress as { files: Record<string, { fileId: string }> }).files;
  expect(Object.keys(uploaded).sort()).toEqual(files.map((f) => f.fileId).sort());

  expect(await runLocalEffect(t.db, effect.id, { log, isFinalAttempt: false })).toBe('done');
  expect(sandbox.control.listInstances({ processCode: TEST_PROCESS_CODE })).toHaveLength(before + 1);
  const sent = JSON.parse(
    (await dingtalkInstanceOf(runId)).formComponentValues.find((v) => v.name === '附件')!.value,
  ) as { fileId: string; fileName: string }[];
  // The same DingTalk files as the first attempt: no second upload. Same name twice: AUTO_RENAME.
  expect(sent.map((f) => f.fileId)).toEqual(files.map((f) => uploaded[f.fileId]!.fileId));
  expect(sent.map((f) => f.fileName)).toEqual(['清单.txt', '清单(1).txt']);
  expect(sent.map((f) => sha256(sandbox.control.fileBytes(f.fileId)))).toEqual([sha256(a), sha256(b)]);
  expect(sandbox.control.listFiles().filter((f) => f.sha256 === sha256(a))).toHaveLength(1);
});

test('sandbox: uploads need a fresh grant, the signed headers and an empty content type', async () => {
  const connector = await unsafeLoadConnectorRuntime(t.db, dingtalkId);
  const s = dingtalkSettings(connector!);
  const infoPath = (space: string) => `/v1.0/storage/spaces/${space}/files/uploadInfos/query`;
  const uploadBody = { protocol: 'HEADER_SIGNATURE', multipart: false };
  const grantTo = async (userId: string) =>
    String(
      (
        await callApi<{ result: { spaceId: number } }>(
          s,
          '/v1.0/workflow/processInstances/spaces/infos/query',
          {
            body: { userId, agentId: TEST_APP.agentId },
          },
        )
      ).result.spaceId,
    );
  const sid = await grantTo('u2');
  // u3 never called spaces/infos/query: 403 permissionDenied.
  await expect(
    callApi(s, infoPath(sid), { query: { unionId: 'union_u3' }, body: uploadBody }),
  ).rejects.toMatchObject({ sourceCode: 'permissionDenied' });
  await expect(grantTo('nobody')).rejects.toMatchObject({ sourceCode: 'userNotExist' });
  expect(await grantTo('u3')).toBe(sid);
  await expect(
    callApi(s, infoPath('999'), { query: { unionId: 'union_u3' }, body: uploadBody }),
  ).rejects.toMatchObject({ sourceCode: 'spaceNotExist' });
  await expect(
    callApi(s, infoPath(sid), { query: { unionId: 'union_u3' }, body: { ...uploadBody, protocol: 'X' } }),
  ).rejects.toMatchObject({ sourceCode: 'paramError.protocol' });
  const info = await callApi<{
    uploadKey: string;
    headerSignatureInfo: { resourceUrls: string[]; headers: Record<string, string> };
  }>(s, infoPath(sid), { query: { unionId: 'union_u3' }, body: uploadBody });
  const url = info.headerSignatureInfo.resourceUrls[0]!;
  const signed = info.headerSignatureInfo.headers;
  expect(
    (await fetch(url, { method: 'PUT', headers: { 'Content-Type': '' }, body: new Uint8Array([1]) })).status,
  ).toBe(403);
  expect(
    (
      await fetch(url, {
        method: 'PUT',
        headers: { ...signed, 'Content-Type': 'application/octet-stream' },
        body: new Uint8Array([1]),
      })
    ).status,
  ).toBe(403);
  const commit = (body: Record<string, unknown>) =>
    callApi<{ dentry: { id: string } }>(s, `/v1.0/storage/spaces/${sid}/files/commit`, {
      query: { unionId: 'union_u3' },
      body: { uploadKey: info.uploadKey, parentId: '0', ...body },
    });
  await expect(commit({ name: 'a.txt' })).rejects.toMatchObject({ sourceCode: 'dentryStoreError' });
  expect(
    (
      await fetch(url, {
        method: 'PUT',
        headers: { ...signed, 'Content-Type': '' },
        body: new Uint8Array([1]),
      })
    ).status,
  ).toBe(200);
  await expect(commit({ name: 'a*.txt' })).rejects.toMatchObject({ sourceCode: 'dentryNameIllegal' });
  const first = await commit({ name: 'a.txt' });
  // Committing the same upload again (a retry after a lost answer) answers the same dentry.
  expect((await commit({ name: 'a.txt' })).dentry.id).toBe(first.dentry.id);
  // Start rejects a DDAttachment file that is not in the approval space.
  await expect(
    callApi(s, '/v1.0/workflow/processInstances', {
      body: {
        processCode: TEST_PROCESS_CODE,
        originatorUserId: 'u3',
        deptId: 2,
        formComponentValues: [
          { name: '采购事由', value: 'x' },
          {
            name: '附件',
            value: JSON.stringify([
              { spaceId: sid, fileName: 'b.txt', fileSize: '1', fileType: 'txt', fileId: '987654' },
            ]),
          },
        ],
      },
    }),
  ).rejects.toMatchObject({ sourceCode: 'formConverterError' });
});
