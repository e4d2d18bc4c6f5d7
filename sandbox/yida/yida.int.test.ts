import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { verifyYidaPush } from '../crypto/yida-signature';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_YIDA } from '../scenarios/minimal';
import { appToken, call } from '../testing';

type Push = { action: string; contentType: string; params: Record<string, string>; rawBody: string };

let sandbox: RunningSandbox;
let receiver: Server;
let base: string;
let pushes: Push[] = [];
let answerStatus = 200;

beforeAll(async () => {
  sandbox = await startSandbox();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      let params: Record<string, string>;
      if (contentType.includes('json')) params = JSON.parse(rawBody) as Record<string, string>;
      else if (contentType.includes('x-www-form-urlencoded'))
        params = Object.fromEntries(new URLSearchParams(rawBody));
      else params = Object.fromEntries(url.searchParams);
      pushes.push({ action: url.pathname.split('/').pop() ?? '', contentType, params, rawBody });
      res.writeHead(answerStatus, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: answerStatus === 200 }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/callbacks/yida/c1`;
});

afterAll(async () => {
  await sandbox.close();
  await new Promise((r) => receiver.close(r));
});

beforeEach(() => {
  sandbox.control.reset(minimalScenario());
  pushes = [];
  answerStatus = 200;
  sandbox.control.setYidaPushTargets(TEST_YIDA.appType, {
    create: `${base}/create`,
    complete: `${base}/complete`,
    cancel: `${base}/cancel`,
    delete: `${base}/delete`,
    cc: `${base}/cc`,
  });
});

const auth = { appType: TEST_YIDA.appType, systemToken: TEST_YIDA.systemToken };

test('pushes carry the §1.3 parameter sets with a verifiable MD5 sign; OpenAPI execute drives complete/cancel/create', async () => {
  const started = sandbox.control.startYidaInstance({
    appType: TEST_YIDA.appType,
    originatorId: 'u1',
    data: { textField_visitor: '访客甲' },
    ccUserIds: ['u5'],
  });
  const id = String(started.processInstanceId);
  await sandbox.control.waitForIdle();
  expect(pushes.map((p) => p.action)).toEqual(['create', 'create', 'cc']);
  for (const p of pushes) {
    expect(p.contentType).toContain('application/json');
    expect(verifyYidaPush(p.params, TEST_YIDA.systemToken)).toBe(true);
    expect(p.params.sign).toMatch(/^[0-9a-f]{32}$/);
    expect(p.params.dateTime).toMatch(/^\d{13}$/);
  }
  const create = pushes[0]!.params;
  expect(Object.keys(create).sort()).toEqual(['dateTime', 'sign', 'task']);
  expect(typeof create.task).toBe('string'); // JSON text, not an object
  const task = JSON.parse(create.task!) as Record<string, unknown>;
  expect(task).toMatchObject({
    appType: TEST_YIDA.appType,
    formInstanceId: id,
    processInstanceId: '', // empty as in the documented sample: key on formInstanceId
    dataType: 'pinst',
    originatorId: 'u1',
    originatorCorpId: TEST_CORP_ID,
    actionerId: 'u2',
    processInstanceStatus: 'RUNNING',
    dataMap: { textField_visitor: '访客甲' },
  });
  expect(task.url).toBe(`https://www.aliwork.com/${TEST_YIDA.appType}/processDetail?procInsId=${id}`);
  const taskIds = pushes
    .slice(0, 2)
    .map((p) => String((JSON.parse(p.params.task!) as { taskId: string }).taskId));

  const token = await appToken(sandbox.url, TEST_APP);
  const noRemark = await call(sandbox.url, 'POST', '/v1.0/yida/tasks/execute', {
    token,
    body: { ...auth, userId: 'u2', processInstanceId: id, taskId: Number(taskIds[0]), outResult: 'AGREE' },
  });
  expect(noRemark.status).toBe(400);
  expect(noRemark.body).toMatchObject({ code: 'invalidParameter.parameter.parameterIsEmpty' });
  const badToken = await call(sandbox.url, 'POST', '/v1.0/yida/tasks/execute', {
    token,
    body: {
      ...auth,
      systemToken: 'wrong',
      userId: 'u2',
      processInstanceId: id,
      taskId: Number(taskIds[0]),
      outResult: 'AGREE',
      remark: '同意',
    },
  });
  expect(badToken.body).toMatchObject({ code: 'invalidParameter.parameter.accessKeyNotMatch' });
  const badResult = await call(sandbox.url, 'POST', '/v1.0/yida/tasks/execute', {
    token,
    body: {
      ...auth,
      userId: 'u2',
      processInstanceId: id,
      taskId: Number(taskIds[0]),
      outResult: 'MAYBE',
      remark: '同意',
    },
  });
  expect(badResult.body).toMatchObject({ code: 'invalidParameter.task.unsupportedOutResultType' });

  pushes = [];
  const ok = await call(sandbox.url, 'POST', '/v1.0/yida/tasks/execute', {
    token,
    body: {
      ...auth,
      userId: 'u2',
      processInstanceId: id,
      taskId: Number(taskIds[0]),
      outResult: 'AGREE',
      remark: '同意',
    },
  });
  expect(ok.status).toBe(200);
  expect(ok.body).toBe(''); // 200 with an empty body
  await sandbox.control.waitForIdle();
  expect(pushes.map((p) => p.action)).toEqual(['complete', 'cancel', 'create']);
  const complete = pushes[0]!.params;
  expect(Object.keys(complete).sort()).toEqual([
    'actualWorkId',
    'appType',
    'corpId',
    'dateTime',
    'formInstId',
    'sign',
    'taskId',
  ]);
  expect(complete).toMatchObject({
    actualWorkId: 'u2',
    taskId: taskIds[0],
    formInstId: id,
    corpId: TEST_CORP_ID,
  });
  expect(pushes[1]!.params).toMatchObject({ taskId: taskIds[1], actualWorkId: 'u3' });
  expect(pushes.every((p) => verifyYidaPush(p.params, TEST_YIDA.systemToken))).toBe(true);

  const again = await call(sandbox.url, 'POST', '/v1.0/yida/tasks/execute', {
    token,
    body: {
      ...auth,
      userId: 'u2',
      processInstanceId: id,
      taskId: Number(taskIds[0]),
      outResult: 'AGREE',
      remark: '同意',
    },
  });
  expect(again.body).toMatchObject({ code: 'invalidState.instance.instanceStatusHasChanged' });

  const inst = await call<Record<string, unknown>>(
    sandbox.url,
    'GET',
    `/v1.0/yida/processes/instancesInfos/${id}?appType=${auth.appType}&systemToken=${auth.systemToken}&userId=u1`,
    { token },
  );
  expect(inst.body).toMatchObject({
    processInstanceId: id,
    instanceStatus: 'RUNNING',
    approvedResult: '',
    formUuid: TEST_YIDA.formUuid,
    originator: { userId: 'u1', name: { nameInChinese: '张一', type: 'i18n' } },
    actionExecutor: [{ userId: 'u4' }],
    data: { textField_visitor: '访客甲' },
  });
  const records = await call<{ result: Record<string, unknown>[] }>(
    sandbox.url,
    'GET',
    `/v1.0/yida/processes/operationRecords?appType=${auth.appType}&systemToken=${auth.systemToken}&userId=u1&processInstanceId=${id}`,
    { token },
  );
  expect(records.body.result.map((r) => [r.type, r.actionExit, r.operatorUserId])).toEqual([
    ['HISTORY', 'submit', 'u1'],
    ['HISTORY', 'carbon', 'u5'],
    ['HISTORY', 'agree', 'u2'],
    ['TODO', 'doing', 'u4'],
  ]);
  const todo = records.body.result.at(-1)!;
  expect(todo.taskType).toBe('COMMON_ALL_AT_ONCE');

  const lastTask = Number(todo.taskId);
  await call(sandbox.url, 'POST', '/v1.0/yida/tasks/execute', {
    token,
    body: {
      ...auth,
      userId: 'u4',
      processInstanceId: id,
      taskId: lastTask,
      outResult: 'DISAGREE',
      remark: '不同意',
    },
  });
  expect(sandbox.control.getYidaInstance(id)).toMatchObject({
    instanceStatus: 'COMPLETED',
    approvedResult: 'disagree',
  });
  await sandbox.control.waitForIdle();

  pushes = [];
  const del = await call(
    sandbox.url,
    'DELETE',
    `/v1.0/yida/processes/instances?appType=${auth.appType}&systemToken=${auth.systemToken}&userId=u1&processInstanceId=${id}`,
    { token },
  );
  expect(del.status).toBe(200);
  await sandbox.control.waitForIdle();
  expect(pushes.map((p) => [p.action, Object.keys(p.params).sort().join(',')])).toEqual([
    ['delete', 'appType,corpId,dateTime,formInstId,sign'],
  ]);
});

test('no retry: a failing target is recorded once with its answer; form and query encodings sign the same values', async () => {
  answerStatus = 500;
  sandbox.control.setOptions({ yidaPushEncoding: 'form' });
  const started = sandbox.control.startYidaInstance({
    appType: TEST_YIDA.appType,
    originatorId: 'u1',
    data: {},
  });
  await sandbox.control.waitForIdle();
  const records = sandbox.control.yidaPushes();
  expect(records.map((r) => [r.action, r.outcome, r.status])).toEqual([
    ['create', 'http-error', 500],
    ['create', 'http-error', 500],
  ]);
  expect(pushes).toHaveLength(2);
  expect(pushes[0]!.contentType).toContain('application/x-www-form-urlencoded');
  expect(verifyYidaPush(pushes[0]!.params, TEST_YIDA.systemToken)).toBe(true);

  answerStatus = 200;
  sandbox.control.setOptions({ yidaPushEncoding: 'query' });
  pushes = [];
  const id = String(started.processInstanceId);
  sandbox.control.actYida(id, { userId: 'u3', action: 'agree', remark: '好' });
  await sandbox.control.waitForIdle();
  expect(pushes.map((p) => p.action)).toEqual(['complete', 'cancel', 'create']);
  expect(pushes[0]!.rawBody).toBe('');
  expect(verifyYidaPush(pushes[0]!.params, TEST_YIDA.systemToken)).toBe(true);

  // Triggering a push by hand, and a dropped push (fault) that is never sent.
  sandbox.control.setYidaPushFaults({ dropPercent: 100 });
  pushes = [];
  const rec = sandbox.control.triggerYidaPush({ processInstanceId: id, action: 'delete' });
  expect(rec.outcome).toBe('dropped');
  await sandbox.control.waitForIdle();
  expect(pushes).toEqual([]);
});

test('org-level lists check token = MD5(corpId + userId + code) in uppercase', async () => {
  sandbox.control.startYidaInstance({ appType: TEST_YIDA.appType, originatorId: 'u1', data: {} });
  const token = await appToken(sandbox.url, TEST_APP);
  const good = createHash('md5').update(`${TEST_CORP_ID}u2${TEST_YIDA.corpCode}`).digest('hex').toUpperCase();
  const list = await call<{ totalCount: number; data: Record<string, unknown>[] }>(
    sandbox.url,
    'GET',
    `/v1.0/yida/corpTasks?corpId=${TEST_CORP_ID}&userId=u2&token=${good}&pageNumber=1&pageSize=10`,
    { token },
  );
  expect(list.status).toBe(200);
  expect(list.body.totalCount).toBe(1);
  expect(list.body.data[0]).toMatchObject({
    status: 'running',
    originatorId: 'u1',
    appType: TEST_YIDA.appType,
  });
  const bad = await call(
    sandbox.url,
    'GET',
    `/v1.0/yida/corpTasks?corpId=${TEST_CORP_ID}&userId=u2&token=${good.toLowerCase()}`,
    { token },
  );
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: 'noPermission.permission.deny' });
});
