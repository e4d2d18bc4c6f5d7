import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP } from '../scenarios/minimal';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.control.reset(minimalScenario());
  token = await appToken(sandbox.url, TEST_APP);
});

const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  call<T>(sandbox.url, method, `/v1.0/workflow/processCentres${path}`, { token, body });

async function template(name = '采购申请（汇办）') {
  const r = await api<{ result: { processCode: string } }>('POST', '/schemas', {
    name,
    formComponents: [{ componentType: 'TextField', props: { componentId: 'TextField_r', label: '事由' } }],
  });
  expect(r.status).toBe(200);
  return r.body.result.processCode;
}

async function instance(processCode: string) {
  const r = await api<{ result: { processInstanceId: string } }>('POST', '/instances', {
    processCode,
    originatorUserId: 'u1',
    url: 'https://huiban.example.com/instances/1',
    title: 'u1提交的采购申请',
    formComponentValueList: [{ name: '事由', value: '显示器' }],
  });
  expect(r.status).toBe(200);
  return r.body.result.processInstanceId;
}

const task = (userId: string) => ({ userId, url: 'https://huiban.example.com/instances/1' });

test('template: created once per name, updated by processCode, found by name, ≤200 per org (§5.10)', async () => {
  const code = await template();
  expect(code).toMatch(/^PROC-/);
  const again = await api('POST', '/schemas', { name: '采购申请（汇办）', formComponents: [] });
  expect(again).toMatchObject({ status: 400, body: { code: 'formName.error' } });
  const updated = await api('POST', '/schemas', {
    name: '采购申请（汇办）',
    processCode: code,
    formComponents: [],
  });
  expect(updated.body).toEqual({ result: { processCode: code } });
  const unknown = await api('POST', '/schemas', { name: 'x', processCode: 'PROC-NOPE', formComponents: [] });
  expect(unknown.body).toMatchObject({ code: 'process.error' });
  const found = await call(
    sandbox.url,
    'GET',
    `/v1.0/workflow/processCentres/schemaNames/processCodes?name=${encodeURIComponent('采购申请（汇办）')}`,
    { token },
  );
  expect(found.body).toMatchObject({ result: { processCode: code } });
  const missing = await call(
    sandbox.url,
    'GET',
    '/v1.0/workflow/processCentres/schemaNames/processCodes?name=x',
    {
      token,
    },
  );
  expect(missing).toMatchObject({ status: 400, body: { code: 'process.error' } });
  await call(sandbox.url, 'PATCH', '/__control/process-centre/limits', { body: { templates: 2 } });
  await template('第二个');
  expect((await api('POST', '/schemas', { name: '第三个', formComponents: [] })).body).toMatchObject({
    code: 'processes.error',
  });
  // Without a token: the usual authentication error, nothing created.
  const anon = await call(sandbox.url, 'POST', '/v1.0/workflow/processCentres/schemas', {
    body: { name: 'y' },
  });
  expect(anon.status).toBeGreaterThanOrEqual(400);
  expect(
    (await call<{ templates: unknown[] }>(sandbox.url, 'GET', '/__control/process-centre')).body.templates,
  ).toHaveLength(2);
});

test('instances and tasks: ≤20 per call, ≤100 per instance, updates, task groups, state errors, todoTasks', async () => {
  const code = await template();
  const id = await instance(code);
  expect(
    (await api('POST', '/instances', { processCode: 'PROC-NOPE', originatorUserId: 'u1', url: 'x' })).body,
  ).toMatchObject({
    code: 'process.error',
  });
  expect(
    (await api('POST', '/instances', { processCode: code, originatorUserId: 'u1', url: '', title: 't' }))
      .status,
  ).toBe(400);
  expect(
    (await api('POST', '/tasks', { processInstanceId: 'nope', tasks: [task('u2')] })).body,
  ).toMatchObject({
    code: 'process.inst.notExist',
  });
  const tooMany = Array.from({ length: 21 }, () => task('u2'));
  expect((await api('POST', '/tasks', { processInstanceId: id, tasks: tooMany })).status).toBe(400);
  expect(
    (await api('POST', '/tasks', { processInstanceId: id, tasks: [{ userId: 'u2', url: '' }] })).body,
  ).toMatchObject({ code: 'task.url.error' });

  const created = await api<{ result: { taskId: number; userId: string }[] }>('POST', '/tasks', {
    processInstanceId: id,
    activityId: 'a1',
    tasks: [task('u2'), task('u3')],
  });
  expect(created.body.result.map((x) => x.userId)).toEqual(['u2', 'u3']);
  const [t2, t3] = created.body.result;
  await api('POST', '/tasks', { processInstanceId: id, activityId: 'a2', tasks: [task('u4')] });

  // Update: COMPLETED needs AGREE/REFUSE; the same state again is harmless; another state is refused.
  expect(
    (
      await api('PUT', '/tasks', {
        processInstanceId: id,
        tasks: [{ taskId: t2!.taskId, status: 'COMPLETED' }],
      })
    ).status,
  ).toBe(400);
  const agree = { taskId: t2!.taskId, status: 'COMPLETED', result: 'AGREE' };
  expect((await api('PUT', '/tasks', { processInstanceId: id, tasks: [agree] })).body).toEqual({
    success: true,
  });
  expect((await api('PUT', '/tasks', { processInstanceId: id, tasks: [agree] })).body).toEqual({
    success: true,
  });
  expect(
    (
      await api('PUT', '/tasks', {
        processInstanceId: id,
        tasks: [{ taskId: t2!.taskId, status: 'CANCELED' }],
      })
    ).body,
  ).toMatchObject({ code: 'integrated.state.invalid' });

  // Cancel a task group: only the running tasks of those activities.
  expect(
    (await api('POST', '/tasks/cancel', { processInstanceId: id, activityId: 'a1', activityIds: [] })).body,
  ).toEqual({
    success: true,
  });
  const pc = await call<{ instances: { tasks: { taskId: number; status: string }[] }[] }>(
    sandbox.url,
    'GET',
    '/__control/process-centre',
  );
  expect(pc.body.instances[0]!.tasks.map((x) => x.status)).toEqual(['COMPLETED', 'CANCELED', 'RUNNING']);

  // A user's process-centre tasks, newest first, ≤40 per page.
  const mine = await call<{ taskPage: { hasMore: boolean; list: { taskId: number; activityId: string }[] } }>(
    sandbox.url,
    'GET',
    '/v1.0/workflow/processCentres/todoTasks?userId=u3&pageSize=40&pageNumber=1',
    { token },
  );
  expect(mine.body.taskPage).toMatchObject({
    hasMore: false,
    list: [{ taskId: t3!.taskId, activityId: 'a1' }],
  });
  expect(
    (
      await call(sandbox.url, 'GET', '/v1.0/workflow/processCentres/todoTasks?userId=u3&pageSize=41', {
        token,
      })
    ).status,
  ).toBe(400);

  // Finish the instance: later task calls and a second finish are integrated.state.invalid.
  expect(
    (await api('PUT', '/instances', { processInstanceId: id, status: 'COMPLETED', result: 'agree' })).body,
  ).toEqual({ success: true });
  for (const r of [
    await api('PUT', '/instances', { processInstanceId: id, status: 'TERMINATED', result: 'refuse' }),
    await api('POST', '/tasks', { processInstanceId: id, tasks: [task('u5')] }),
    await api('PUT', '/tasks', { processInstanceId: id, tasks: [agree] }),
  ])
    expect(r.body).toMatchObject({ code: 'integrated.state.invalid' });

  // ≤100 tasks per instance: 5 calls of 20, then integrated.number.exceed.
  const big = await instance(code);
  const twenty = Array.from({ length: 20 }, () => task('u2'));
  for (let i = 0; i < 5; i++)
    expect((await api('POST', '/tasks', { processInstanceId: big, tasks: twenty })).status).toBe(200);
  expect((await api('POST', '/tasks', { processInstanceId: big, tasks: [task('u2')] })).body).toMatchObject({
    code: 'integrated.number.exceed',
  });
});
