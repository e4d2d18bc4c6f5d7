import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '../scenarios/minimal';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.control.reset(minimalScenario());
  token = await appToken(sandbox.url, TEST_APP);
});

const MINUTE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;

function sequence(id: string): string[] {
  return sandbox.control.events({ processInstanceId: id }).map((e) => {
    const d = e.data as { type: string; result?: string; staffId: string };
    const kind = e.eventType === 'bpms_instance_change' ? 'instance' : 'task';
    return `${kind}:${d.type}${d.result ? `/${d.result}` : ''}:${d.staffId}`;
  });
}

test('an approval started and approved through the control API: §4 event sequence and §5.1 get-instance, field by field', async () => {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'NONE', userIds: ['u2'] },
      { actionType: 'NONE', userIds: ['u3'] },
    ],
    ccUserIds: ['u4'],
    form: { 采购事由: '购买显示器', '金额（元）': '1999' },
    files: [{ fileName: '报价单.txt', text: '显示器 1999 元' }],
  });
  const id = String(started.processInstanceId);
  sandbox.control.act(id, { userId: 'u2', action: 'agree', remark: '同意' });
  sandbox.control.act(id, { userId: 'u3', action: 'agree' });

  // §4.5 realistic order: the next task's start before the previous finish; instance finish before the last task finish.
  expect(sequence(id)).toEqual([
    'instance:start:u1',
    'task:start:u2',
    'task:start:u3',
    'task:finish/agree:u2',
    'instance:finish/agree:u1',
    'task:finish/agree:u3',
  ]);

  const events = sandbox.control.events({ processInstanceId: id });
  const instanceStart = events[0]!;
  expect(instanceStart.eventType).toBe('bpms_instance_change');
  expect(Object.keys(instanceStart.data).sort()).toEqual(
    [
      'bizCategoryId',
      'businessId',
      'businessType',
      'createTime',
      'eventId',
      'processCode',
      'processInstanceId',
      'resource',
      'staffId',
      'title',
      'type',
      'url',
    ].sort(),
  );
  expect(instanceStart.data.eventId).toBe(instanceStart.eventId);
  expect(instanceStart.data.resource).toBe(
    `/v1.0/event/bpms_instance_change/processCode/${TEST_PROCESS_CODE}/type/start`,
  );
  expect(String(instanceStart.data.url)).toContain(`procInstId=${id}`);
  const agreed = events[3]!.data;
  expect(agreed).toMatchObject({
    type: 'finish',
    result: 'agree',
    remark: '同意',
    staffId: 'u2',
    actualActionerId: 'u2',
    agentActionerIds: [],
  });
  expect(typeof agreed.taskId).toBe('number');
  expect(typeof agreed.createTime).toBe('number');
  expect(typeof agreed.finishTime).toBe('number');
  expect(events[4]!.data).toMatchObject({ type: 'finish', result: 'agree', staffId: 'u1' });
  expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);

  const res = await call<{ result: Record<string, unknown>; success: unknown }>(
    sandbox.url,
    'GET',
    `/v1.0/workflow/processInstances?processInstanceId=${id}`,
    { token },
  );
  expect(res.status).toBe(200);
  expect(res.body.success).toBe('true'); // a string in the docs and the SDK
  const r = res.body.result;
  expect(Object.keys(r).sort()).toEqual(
    [
      'title',
      'createTime',
      'finishTime',
      'originatorUserId',
      'originatorDeptId',
      'originatorDeptName',
      'status',
      'result',
      'businessId',
      'approverUserIds',
      'ccUserIds',
      'bizAction',
      'bizData',
      'attachedProcessInstanceIds',
      'mainProcessInstanceId',
      'formComponentValues',
      'operationRecords',
      'tasks',
    ].sort(),
  );
  expect(r).toMatchObject({
    title: '张一提交的采购申请',
    originatorUserId: 'u1',
    originatorDeptId: '2',
    originatorDeptName: '研发部',
    status: 'COMPLETED',
    result: 'agree',
    approverUserIds: [], // only filled for instances started through the API
    ccUserIds: ['u4'],
    bizAction: 'NONE',
    bizData: '',
    attachedProcessInstanceIds: [],
    mainProcessInstanceId: '',
  });
  expect(r.createTime).toMatch(MINUTE_TIME);
  expect(r.finishTime).toMatch(MINUTE_TIME);
  expect(r.businessId).toMatch(/^\d{21}$/);

  const values = r.formComponentValues as Record<string, string>[];
  expect(values.map((v) => [v.name, v.componentType])).toEqual([
    ['采购事由', 'TextField'],
    ['金额（元）', 'MoneyField'],
    ['附件', 'DDAttachment'],
  ]);
  for (const v of values)
    expect(Object.keys(v).sort()).toEqual(['bizAlias', 'componentType', 'extValue', 'id', 'name', 'value']);
  const files = JSON.parse(values[2]!.value as string) as Record<string, string>[];
  expect(files).toHaveLength(1);
  expect(Object.keys(files[0]!).sort()).toEqual(['fileId', 'fileName', 'fileSize', 'fileType', 'spaceId']);
  expect(files[0]).toMatchObject({
    fileName: '报价单.txt',
    fileType: 'txt',
    fileSize: String(Buffer.byteLength('显示器 1999 元')),
  });
  const info = sandbox.control.file(files[0]!.fileId!);
  expect(info.sha256).toBe(createHash('sha256').update('显示器 1999 元').digest('hex'));

  const records = r.operationRecords as Record<string, unknown>[];
  expect(records.map((x) => [x.type, x.result, x.userId])).toEqual([
    ['START_PROCESS_INSTANCE', 'NONE', 'u1'],
    ['PROCESS_CC', 'NONE', 'u1'],
    ['EXECUTE_TASK_NORMAL', 'AGREE', 'u2'],
    ['EXECUTE_TASK_NORMAL', 'AGREE', 'u3'],
  ]);
  expect(records[1]!.ccUserIds).toEqual(['u4']);
  expect(records[2]!.remark).toBe('同意');
  expect('remark' in records[3]!).toBe(false); // only when an opinion was entered
  for (const x of records) expect(x.date).toMatch(MINUTE_TIME);

  const tasks = r.tasks as Record<string, unknown>[];
  expect(tasks.map((t) => [t.userId, t.status, t.result])).toEqual([
    ['u2', 'COMPLETED', 'AGREE'],
    ['u3', 'COMPLETED', 'AGREE'],
  ]);
  for (const t of tasks) {
    expect(Object.keys(t).sort()).toEqual(
      [
        'activityId',
        'createTime',
        'finishTime',
        'mobileUrl',
        'pcUrl',
        'processInstanceId',
        'result',
        'status',
        'taskId',
        'userId',
      ].sort(),
    );
    expect(typeof t.taskId).toBe('number');
    expect(String(t.taskId)).toMatch(/^\d{11}$/);
    expect(t.processInstanceId).toBe(id);
    expect(t.finishTime).toMatch(MINUTE_TIME);
  }
  expect(tasks[0]!.taskId).toBe(agreed.taskId);
});

test('refusal by the second approver reproduces the §4.5 captured order', () => {
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'NONE', userIds: ['u2'] },
      { actionType: 'NONE', userIds: ['u3'] },
    ],
    form: { 采购事由: '团建' },
  });
  const id = String(processInstanceId);
  sandbox.control.act(id, { userId: 'u2', action: 'agree' });
  const after = sandbox.control.act(id, { userId: 'u3', action: 'refuse', remark: '预算不足' });
  expect(sequence(id)).toEqual([
    'instance:start:u1',
    'task:start:u2',
    'task:start:u3',
    'task:finish/agree:u2',
    'instance:finish/refuse:u1',
    'task:finish/refuse:u3',
  ]);
  expect(after).toMatchObject({ status: 'COMPLETED', result: 'refuse' });
});

test('或签 (OR): one agree finishes the node and cancels the sibling; 会签 (AND) waits for everyone', () => {
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [
      { actionType: 'OR', userIds: ['u2', 'u3'] },
      { actionType: 'AND', userIds: ['u4', 'u5'] },
    ],
    form: { 采购事由: '服务器' },
  });
  const id = String(processInstanceId);
  sandbox.control.act(id, { userId: 'u3', action: 'agree' });
  sandbox.control.act(id, { userId: 'u4', action: 'agree' });
  const mid = sandbox.control.getInstance(id);
  expect(mid.status).toBe('RUNNING');
  sandbox.control.act(id, { userId: 'u5', action: 'agree' });
  expect(sequence(id)).toEqual([
    'instance:start:u1',
    'task:start:u2',
    'task:start:u3',
    'task:start:u4',
    'task:start:u5',
    'task:finish/agree:u3',
    'task:cancel:u2',
    'task:finish/agree:u4',
    'instance:finish/agree:u1',
    'task:finish/agree:u5',
  ]);
  const tasks = sandbox.control.getInstance(id).tasks as { userId: string; status: string; result: string }[];
  expect(tasks.find((t) => t.userId === 'u2')).toMatchObject({ status: 'CANCELED', result: '' });
});

test('redirect: finish/redirect then a start for the new approver; REDIRECT_TASK record; task result REDIRECTED', () => {
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '键盘' },
  });
  const id = String(processInstanceId);
  const after = sandbox.control.act(id, {
    userId: 'u2',
    action: 'redirect',
    toUserId: 'u5',
    remark: '请赵四处理',
  });
  expect(sequence(id).slice(2)).toEqual(['task:finish/redirect:u2', 'task:start:u5']);
  const records = after.operationRecords as { type: string; remark?: string }[];
  expect(records.at(-1)).toMatchObject({ type: 'REDIRECT_TASK', remark: '请赵四处理' });
  const tasks = after.tasks as { userId: string; status: string; result: string }[];
  expect(tasks.map((t) => [t.userId, t.status, t.result])).toEqual([
    ['u2', 'COMPLETED', 'REDIRECTED'],
    ['u5', 'RUNNING', ''],
  ]);
});

test('through the API: start, execute, comment, redirect, revoke (15 s rule), todo count, ids by template', async () => {
  const start = await call<{ instanceId: string }>(sandbox.url, 'POST', '/v1.0/workflow/processInstances', {
    token,
    body: {
      processCode: TEST_PROCESS_CODE,
      originatorUserId: 'u1',
      approvers: [
        { actionType: 'NONE', userIds: ['u2'] },
        { actionType: 'NONE', userIds: ['u3'] },
      ],
      formComponentValues: [{ name: '采购事由', value: '笔记本电脑' }],
    },
  });
  expect(start.status).toBe(200);
  const id = start.body.instanceId;
  const detail = sandbox.control.getInstance(id);
  expect(detail.approverUserIds).toEqual(['u2', 'u3']);
  const taskId = (detail.tasks as { taskId: number }[])[0]!.taskId;

  const count = await call(sandbox.url, 'GET', '/v1.0/workflow/processes/todoTasks/numbers?userId=u2', {
    token,
  });
  expect(count.body).toEqual({ result: 1 });

  const wrongActor = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/execute', {
    token,
    body: { processInstanceId: id, taskId, actionerUserId: 'u3', result: 'agree' },
  });
  expect(wrongActor.status).toBe(400);
  expect(wrongActor.body).toMatchObject({ code: 'invalidInstanceExecuteActionerUserId' });

  const badResult = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/execute', {
    token,
    body: { processInstanceId: id, taskId, actionerUserId: 'u2', result: 'AGREE' },
  });
  expect(badResult.body).toMatchObject({ code: 'invalidInstanceExecuteResult' });

  const comment = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/comments', {
    token,
    body: { processInstanceId: id, text: '请尽快', commentUserId: 'u1' },
  });
  expect(comment.body).toEqual({ result: true, success: true });

  const ok = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/execute', {
    token,
    body: { processInstanceId: id, taskId, actionerUserId: 'u2', result: 'agree', remark: '可以' },
  });
  expect(ok.body).toEqual({ result: true, success: true });

  const again = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/execute', {
    token,
    body: { processInstanceId: id, taskId, actionerUserId: 'u2', result: 'agree' },
  });
  expect(again.status).toBe(400);
  expect(again.body).toMatchObject({ code: 'aflowProcessInstCanNotBeExecuted' });

  const next = (sandbox.control.getInstance(id).tasks as { taskId: number; status: string }[]).find(
    (t) => t.status === 'RUNNING',
  )!;
  const redirect = await call(sandbox.url, 'POST', '/v1.0/workflow/tasks/redirect', {
    token,
    body: { taskId: next.taskId, toUserId: 'u4', operateUserId: 'u3', remark: '转交' },
  });
  expect(redirect.body).toEqual({ result: true });

  const early = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/terminate', {
    token,
    body: { processInstanceId: id, isSystem: false, operatingUserId: 'u1', remark: '不买了' },
  });
  expect(early.status).toBe(400);
  expect(early.body).toMatchObject({ code: 'internalError' });
  const notOriginator = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/terminate', {
    token,
    body: { processInstanceId: id, isSystem: false, operatingUserId: 'u2' },
  });
  expect(notOriginator.body).toMatchObject({ code: 'invalidInstanceTerminateOperatingUserId' });

  sandbox.control.advanceClock(16_000);
  const revoke = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/terminate', {
    token,
    body: { processInstanceId: id, isSystem: false, operatingUserId: 'u1', remark: '不买了' },
  });
  expect(revoke.body).toEqual({ result: true, success: true });
  const final = sandbox.control.getInstance(id);
  expect(final).toMatchObject({ status: 'TERMINATED', result: '' });
  expect((final.operationRecords as { type: string }[]).map((x) => x.type)).toEqual([
    'START_PROCESS_INSTANCE',
    'ADD_REMARK',
    'EXECUTE_TASK_NORMAL',
    'REDIRECT_TASK',
    'TERMINATE_PROCESS_INSTANCE',
  ]);
  const terminate = sandbox.control
    .events({ processInstanceId: id, eventType: 'bpms_instance_change' })
    .at(-1)!;
  expect(terminate.data.type).toBe('terminate');
  expect('result' in terminate.data).toBe(false);

  const ids = await call<{ result: { list: string[]; nextToken?: string }; success: boolean }>(
    sandbox.url,
    'POST',
    '/v1.0/workflow/processes/instanceIds/query',
    {
      token,
      body: {
        processCode: TEST_PROCESS_CODE,
        startTime: sandbox.control.now() - 3_600_000,
        nextToken: 0,
        maxResults: 20,
      },
    },
  );
  expect(ids.body).toEqual({ result: { list: [id] }, success: true });
  const tooMany = await call(sandbox.url, 'POST', '/v1.0/workflow/processes/instanceIds/query', {
    token,
    body: {
      processCode: TEST_PROCESS_CODE,
      startTime: sandbox.control.now() - 3_600_000,
      nextToken: 0,
      maxResults: 21,
    },
  });
  expect(tooMany.body).toMatchObject({ code: 'invalidMaxResults' });
  expect(TEST_CORP_ID).toBe(sandbox.control.listInstances()[0]!.corpId);
});
