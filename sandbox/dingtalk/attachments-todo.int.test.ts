import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { DEMO_APP, DEMO_PROCESS_CODES } from '../scenarios/demo';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'demo' });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.control.reset('demo');
  token = await appToken(sandbox.url, DEMO_APP);
});

function demoInstanceWithFiles(): {
  id: string;
  files: { fileId: string; fileName: string; fileType: string }[];
} {
  const inst = sandbox.control
    .listInstances({ processCode: DEMO_PROCESS_CODES.expense, status: 'RUNNING' })
    .find((i) => (i.title as string).startsWith('李四'))!;
  const values = inst.formComponentValues as { componentType: string; value: string }[];
  const files = JSON.parse(values.find((v) => v.componentType === 'DDAttachment')!.value) as {
    fileId: string;
    fileName: string;
    fileType: string;
  }[];
  return { id: String(inst.processInstanceId), files };
}

test('download grant → presigned URL → real bytes whose sha256 the control API exposes; Range; expiry (§6.1)', async () => {
  const { id, files } = demoInstanceWithFiles();
  expect(files.map((f) => f.fileType)).toEqual(['pdf', 'png']);
  const grant = await call<{
    result: { spaceId: number; fileId: string; downloadUri: string };
    success: boolean;
  }>(sandbox.url, 'POST', '/v1.0/workflow/processInstances/spaces/files/urls/download', {
    token,
    body: { processInstanceId: id, fileId: files[0]!.fileId, withCommentAttatchment: false },
  });
  expect(grant.status).toBe(200);
  expect(grant.body.success).toBe(true);
  expect(typeof grant.body.result.spaceId).toBe('number');
  const res = await fetch(grant.body.result.downloadUri);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(
    sandbox.control.file(files[0]!.fileId).sha256,
  );

  const part = await fetch(grant.body.result.downloadUri, { headers: { range: 'bytes=0-3' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 0-3/${bytes.length}`);
  expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('%PDF');

  const tampered = await fetch(grant.body.result.downloadUri.replace(files[0]!.fileId, files[1]!.fileId));
  expect(tampered.status).toBe(403);
  sandbox.control.advanceClock(15 * 60_000 + 1000);
  const expired = await fetch(grant.body.result.downloadUri);
  expect(expired.status).toBe(403);
  expect(await expired.text()).toContain('<Code>AccessDenied</Code>');

  const foreign = await call(
    sandbox.url,
    'POST',
    '/v1.0/workflow/processInstances/spaces/files/urls/download',
    {
      token,
      body: { processInstanceId: id, fileId: '1' },
    },
  );
  expect(foreign.status).toBe(400);
  expect(foreign.body).toMatchObject({ code: 'invalidFileId' });
});

test('comment attachments need withCommentAttatchment=true (UNCONFIRMED, an option)', async () => {
  const inst = sandbox.control
    .listInstances()
    .find((i) => (i.operationRecords as { type: string }[]).some((r) => r.type === 'ADD_REMARK'))!;
  const record = (inst.operationRecords as { type: string; attachments?: { fileId: string }[] }[]).find(
    (r) => r.type === 'ADD_REMARK',
  )!;
  const fileId = record.attachments![0]!.fileId;
  const body = { processInstanceId: inst.processInstanceId, fileId };
  const refused = await call(
    sandbox.url,
    'POST',
    '/v1.0/workflow/processInstances/spaces/files/urls/download',
    { token, body },
  );
  expect(refused.body).toMatchObject({ code: 'invalidFileId' });
  const allowed = await call(
    sandbox.url,
    'POST',
    '/v1.0/workflow/processInstances/spaces/files/urls/download',
    {
      token,
      body: { ...body, withCommentAttatchment: true },
    },
  );
  expect(allowed.status).toBe(200);
});

test('storage download info (§6.3): needs a grant; the file server requires the returned headers', async () => {
  const { files } = demoInstanceWithFiles();
  const fileId = files[1]!.fileId;
  const spaceId = sandbox.control.file(fileId).spaceId;
  const path = `/v1.0/storage/spaces/${spaceId}/dentries/${fileId}/downloadInfos/query?unionId=union_wangmin`;
  const denied = await call(sandbox.url, 'POST', path, {
    token,
    body: { option: { version: 1, preferIntranet: false } },
  });
  expect(denied.status).toBe(403);
  expect(denied.body).toMatchObject({ code: 'permissionDenied' });
  await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/spaces/files/authDownload', {
    token,
    body: { userId: 'wangmin', fileInfos: [{ spaceId: Number(spaceId), fileId }] },
  });
  const info = await call<{
    protocol: string;
    headerSignatureInfo: {
      resourceUrls: string[];
      headers: Record<string, string>;
      expirationSeconds: number;
    };
  }>(sandbox.url, 'POST', path, { token, body: {} });
  expect(info.body.protocol).toBe('HEADER_SIGNATURE');
  expect(info.body.headerSignatureInfo.expirationSeconds).toBe(900);
  const url = info.body.headerSignatureInfo.resourceUrls[0]!;
  expect((await fetch(url)).status).toBe(403);
  const ok = await fetch(url, { headers: info.body.headerSignatureInfo.headers });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toBe('image/png');
});

test('待办 by unionId with sourceId and detailUrl; update, done, delete; listable from the control API (§9)', async () => {
  const body = {
    sourceId: 'huiban:task:1',
    subject: '审批：李四提交的报销',
    creatorId: 'union_wangmin',
    executorIds: ['union_wangmin'],
    detailUrl: { appUrl: 'http://localhost:3000/m/tasks/1', pcUrl: 'http://localhost:3000/tasks/1' },
    priority: 20,
  };
  const created = await call<{ id: string; sourceId: string; bizTag: string; done: boolean }>(
    sandbox.url,
    'POST',
    '/v1.0/todo/users/union_wangmin/tasks?operatorId=union_wangmin',
    { token, body },
  );
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({ sourceId: 'huiban:task:1', done: false, bizTag: DEMO_APP.clientId });
  const dup = await call(sandbox.url, 'POST', '/v1.0/todo/users/union_wangmin/tasks', { token, body });
  expect(dup.body).toMatchObject({ code: 'todo.taskCreate.paramError', message: 'task exist' });
  const noUrl = await call(sandbox.url, 'POST', '/v1.0/todo/users/union_wangmin/tasks', {
    token,
    body: { ...body, sourceId: 'x', detailUrl: undefined },
  });
  expect(noUrl.status).toBe(400);
  // A userId where a unionId is required (§16.9).
  const byUserId = await call(sandbox.url, 'POST', '/v1.0/todo/users/wangmin/tasks', {
    token,
    body: { ...body, sourceId: 'y' },
  });
  expect(byUserId.status).toBe(400);

  const id = created.body.id;
  const done = await call(
    sandbox.url,
    'PUT',
    `/v1.0/todo/users/union_wangmin/tasks/${id}?operatorId=union_wangmin`,
    { token, body: { done: true } },
  );
  expect(done.body).toEqual({ result: true });
  expect(sandbox.control.todos({ unionId: 'union_wangmin' })[0]).toMatchObject({
    id,
    done: true,
    detailUrl: body.detailUrl,
  });
  const list = await call<{ todoCards: { taskId: string; isDone: boolean }[] }>(
    sandbox.url,
    'POST',
    '/v1.0/todo/users/union_wangmin/org/tasks/query',
    {
      token,
      body: { isDone: true },
    },
  );
  expect(list.body.todoCards.map((c) => c.taskId)).toEqual([id]);
  const del = await call(
    sandbox.url,
    'DELETE',
    `/v1.0/todo/users/union_wangmin/tasks/${id}?operatorId=union_wangmin`,
    { token },
  );
  expect(del.body).toMatchObject({ result: true });
  const gone = await call(sandbox.url, 'DELETE', `/v1.0/todo/users/union_wangmin/tasks/${id}`, { token });
  expect(gone.body).toMatchObject({ code: 'todo.taskDelete.paramError', message: 'task not exist' });
  expect(sandbox.control.todos()).toEqual([]);
});

test('work notices (asyncsend_v2) are stored and listable (§11)', async () => {
  const res = await call<{ errcode: number; task_id: number }>(
    sandbox.url,
    'POST',
    '/topapi/message/corpconversation/asyncsend_v2',
    {
      oldToken: token,
      body: {
        agent_id: DEMO_APP.agentId,
        userid_list: 'wangmin,zhangsan',
        msg: {
          msgtype: 'oa',
          oa: {
            message_url: 'http://localhost:3000/tasks',
            head: { bgcolor: 'FFBBBBBB', text: 'Huiban' },
            body: { title: '你有 2 条待办审批' },
          },
        },
      },
    },
  );
  expect(res.body.errcode).toBe(0);
  expect(typeof res.body.task_id).toBe('number');
  const notices = sandbox.control.notices({ userId: 'zhangsan' });
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({
    taskId: res.body.task_id,
    userIds: ['wangmin', 'zhangsan'],
    msg: { msgtype: 'oa' },
  });
  const wrongAgent = await call(sandbox.url, 'POST', '/topapi/message/corpconversation/asyncsend_v2', {
    oldToken: token,
    body: { agent_id: 1, userid_list: 'wangmin', msg: { msgtype: 'text', text: { content: 'hi' } } },
  });
  expect(wrongAgent.body).toMatchObject({ errcode: 400002 });
});
