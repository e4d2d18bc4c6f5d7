import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '../scenarios/minimal';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.control.reset(minimalScenario());
});

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

test('tokens: 7200 s, the same token while valid, documented errors for bad credentials (§1)', async () => {
  const a = await call<{ accessToken: string; expireIn: number }>(
    sandbox.url,
    'POST',
    '/v1.0/oauth2/accessToken',
    {
      body: { appKey: TEST_APP.clientId, appSecret: TEST_APP.clientSecret },
    },
  );
  expect(a.body.expireIn).toBe(7200);
  const b = await call<{ access_token: string; expires_in: number; errcode: number }>(
    sandbox.url,
    'GET',
    `/gettoken?appkey=${TEST_APP.clientId}&appsecret=${TEST_APP.clientSecret}`,
  );
  expect(b.body).toEqual({ errcode: 0, errmsg: 'ok', access_token: a.body.accessToken, expires_in: 7200 });
  const c = await call<Record<string, unknown>>(sandbox.url, 'POST', `/v1.0/oauth2/${TEST_CORP_ID}/token`, {
    body: {
      client_id: TEST_APP.clientId,
      client_secret: TEST_APP.clientSecret,
      grant_type: 'client_credentials',
    },
  });
  expect(c.body).toEqual({ access_token: a.body.accessToken, expires_in: 7200 });

  const bad = await call<Record<string, string>>(sandbox.url, 'POST', '/v1.0/oauth2/accessToken', {
    body: { appKey: TEST_APP.clientId, appSecret: 'wrong' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({
    code: 'invalidClientIdOrSecret',
    message: '无效的clientId或者clientSecret',
  });
  expect(bad.body.requestid).toMatch(UUID);
  expect(bad.headers.get('x-acs-request-id')).toBe(bad.body.requestid);
  const badOld = await call(sandbox.url, 'GET', `/gettoken?appkey=${TEST_APP.clientId}&appsecret=wrong`);
  expect(badOld.status).toBe(200);
  expect(badOld.body).toMatchObject({ errcode: 40001 });
  const grant = await call(sandbox.url, 'POST', `/v1.0/oauth2/${TEST_CORP_ID}/token`, {
    body: { client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, grant_type: 'password' },
  });
  expect(grant.body).toMatchObject({ code: 'unsupported.grant.type' });

  // After expiry a new token is issued and the old one answers "expired".
  sandbox.control.advanceClock(7201_000);
  const renewed = await appToken(sandbox.url, TEST_APP);
  expect(renewed).not.toBe(a.body.accessToken);
  const expired = await call(sandbox.url, 'GET', '/v1.0/workflow/processes/todoTasks/numbers?userId=u1', {
    token: a.body.accessToken,
  });
  expect(expired.status).toBe(400);
  expect(expired.body).toMatchObject({ code: 'InvalidAuthentication', message: '不合法的access_token' });
  const expiredOld = await call(sandbox.url, 'POST', '/topapi/v2/user/get', {
    oldToken: a.body.accessToken,
    body: { userid: 'u1' },
  });
  expect(expiredOld.body).toMatchObject({ errcode: 42001 });
});

test('wrong token: new API 400 InvalidAuthentication, old API HTTP 200 errcode 40014 / 41001 (§0.1, §12.2)', async () => {
  const bad = await call<Record<string, string>>(
    sandbox.url,
    'GET',
    '/v1.0/workflow/processInstances?processInstanceId=x',
    {
      token: 'nope',
    },
  );
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body).sort()).toEqual(['code', 'message', 'requestid']);
  expect(bad.body).toMatchObject({ code: 'InvalidAuthentication', message: '不合法的access_token' });

  const old = await call(sandbox.url, 'POST', '/topapi/v2/user/get', {
    oldToken: 'nope',
    body: { userid: 'u1' },
  });
  expect(old.status).toBe(200);
  expect(old.body).toMatchObject({ errcode: 40014, errmsg: '不合法的access_token' });
  const missing = await call(sandbox.url, 'POST', '/topapi/v2/user/get', { body: { userid: 'u1' } });
  expect(missing.body).toMatchObject({ errcode: 41001 });
});

test('not found: workflow answers HTTP 400 with a code, contacts errcode 60121, user by unionId 404 (§12.2)', async () => {
  const token = await appToken(sandbox.url, TEST_APP);
  const inst = await call(
    sandbox.url,
    'GET',
    '/v1.0/workflow/processInstances?processInstanceId=doesnotexist',
    { token },
  );
  expect(inst.status).toBe(400);
  expect(inst.body).toMatchObject({ code: 'processInstanceNotExist' });
  const exec = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances/execute', {
    token,
    body: { processInstanceId: 'doesnotexist', taskId: 1, actionerUserId: 'u1', result: 'agree' },
  });
  expect(exec.body).toMatchObject({ code: 'aflowProcessInstNotExist' });
  const start = await call(sandbox.url, 'POST', '/v1.0/workflow/processInstances', {
    token,
    body: { processCode: 'PROC-NOPE', originatorUserId: 'u1', deptId: 2, formComponentValues: [] },
  });
  expect(start.body).toMatchObject({ code: 'processCodeError' });
  const user = await call(sandbox.url, 'POST', '/topapi/v2/user/get', {
    oldToken: token,
    body: { userid: 'ghost' },
  });
  expect(user.status).toBe(200);
  expect(user.body).toMatchObject({ errcode: 60121 });
  const byUnion = await call(sandbox.url, 'GET', '/v1.0/contact/users/union_ghost', { token });
  expect(byUnion.status).toBe(404);
  expect(byUnion.body).toMatchObject({ code: 'invalidParameter.user.notFound' });
  const route = await call(sandbox.url, 'GET', '/v1.0/workflow/nothing', { token });
  expect(route.status).toBe(404);
  expect(route.body).toMatchObject({ code: 'InvalidAction.NotFound' });
});

test('QPS limit per app × API: 403 QpsLimitForAppkeyAndApi (new), errcode 90018 (old); not counted in the monthly usage', async () => {
  sandbox.control.setOptions({ qpsLimit: 3 });
  const token = await appToken(sandbox.url, TEST_APP);
  const before = sandbox.control.apiCalls().monthly[TEST_CORP_ID] ?? {};
  const path = '/v1.0/workflow/processes/todoTasks/numbers?userId=u1';
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => call(sandbox.url, 'GET', path, { token })),
  );
  const limited = answers.filter((a) => a.status === 403);
  expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
  expect(limited).toHaveLength(3);
  expect(limited[0]!.body).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
  // Another API has its own budget.
  const other = await call(sandbox.url, 'GET', '/v1.0/workflow/processInstances?processInstanceId=x', {
    token,
  });
  expect(other.status).toBe(400);

  const old = await Promise.all(
    Array.from({ length: 5 }, () =>
      call(sandbox.url, 'POST', '/topapi/process/gettodonum', { oldToken: token, body: { userid: 'u1' } }),
    ),
  );
  expect(old.every((a) => a.status === 200)).toBe(true);
  expect(old.filter((a) => (a.body as { errcode: number }).errcode === 90018)).toHaveLength(2);

  const month = Object.keys(sandbox.control.apiCalls().monthly[TEST_CORP_ID] ?? {})[0]!;
  const used = sandbox.control.apiCalls().monthly[TEST_CORP_ID]?.[month] ?? 0;
  expect(used - (before[month] ?? 0)).toBe(3 + 1 + 3);
});

test('monthly counter, per-API and per-instance counts; token APIs are exempt; quota exhaustion answers ApiCountLimitForOrg', async () => {
  const token = await appToken(sandbox.url, TEST_APP);
  await appToken(sandbox.url, TEST_APP);
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '测试' },
  });
  for (let i = 0; i < 2; i++) {
    await call(sandbox.url, 'GET', `/v1.0/workflow/processInstances?processInstanceId=${processInstanceId}`, {
      token,
    });
  }
  const report = sandbox.control.apiCalls();
  expect(report.byInstance[String(processInstanceId)]).toBe(2);
  expect(report.byApi[`${TEST_APP.clientId} GET /v1.0/workflow/processInstances`]).toBe(2);
  expect(Object.values(report.monthly[TEST_CORP_ID] ?? {})).toEqual([2]);
  expect(report.total).toBe(2);

  sandbox.control.setOptions({ monthlyCallQuota: 2 });
  const over = await call(
    sandbox.url,
    'GET',
    `/v1.0/workflow/processInstances?processInstanceId=${processInstanceId}`,
    { token },
  );
  expect(over.status).toBe(403);
  expect(over.body).toMatchObject({ code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' });
  sandbox.control.resetApiCalls();
  expect(sandbox.control.apiCalls().total).toBe(0);
});

test('injected faults: the next N calls answer 5xx or throttling, then normal service resumes', async () => {
  const token = await appToken(sandbox.url, TEST_APP);
  sandbox.control.failNextCalls({ kind: '5xx', count: 2, api: 'todoTasks/numbers' });
  const path = '/v1.0/workflow/processes/todoTasks/numbers?userId=u1';
  const first = await call(sandbox.url, 'GET', path, { token });
  const second = await call(sandbox.url, 'GET', path, { token });
  const third = await call(sandbox.url, 'GET', path, { token });
  expect([first.status, second.status, third.status]).toEqual([500, 500, 200]);
  expect(first.body).toMatchObject({ code: 'systemError' });
  sandbox.control.failNextCalls({ kind: 'throttle', count: 1 });
  const throttled = await call(sandbox.url, 'POST', '/topapi/process/gettodonum', {
    oldToken: token,
    body: { userid: 'u1' },
  });
  expect(throttled.body).toMatchObject({ errcode: 90018 });
});
