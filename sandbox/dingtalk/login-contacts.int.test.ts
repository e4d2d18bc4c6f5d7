import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { DEMO_APP, DEMO_USERS } from '../scenarios/demo';
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
  token = await appToken(sandbox.url, DEMO_APP);
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    redirect_uri: 'http://localhost:3000/api/auth/callback/dingtalk',
    response_type: 'code',
    client_id: DEMO_APP.clientId,
    scope: 'openid',
    state: 'csrf123',
    prompt: 'consent',
    ...extra,
  });
  return `/oauth2/auth?${q}`;
}

test('the authorize page lists the org users; sandbox_user skips the click; the code is single-use (§8.1)', async () => {
  const page = await call<string>(sandbox.url, 'GET', authorizeUrl());
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  for (const u of DEMO_USERS) expect(page.body).toContain(`data-user-id="${u.userId}"`);
  expect(page.body).toContain('王敏');

  const redirect = await call(sandbox.url, 'GET', authorizeUrl({ sandbox_user: 'zhangsan' }));
  expect(redirect.status).toBe(302);
  const location = new URL(redirect.headers.get('location') ?? '');
  expect(location.origin + location.pathname).toBe('http://localhost:3000/api/auth/callback/dingtalk');
  const code = location.searchParams.get('code') ?? '';
  expect(location.searchParams.get('authCode')).toBe(code);
  expect(location.searchParams.get('state')).toBe('csrf123');

  const exchange = {
    clientId: DEMO_APP.clientId,
    clientSecret: DEMO_APP.clientSecret,
    code,
    grantType: 'authorization_code',
  };
  const userToken = await call<{
    accessToken: string;
    refreshToken: string;
    expireIn: number;
    corpId: string;
  }>(sandbox.url, 'POST', '/v1.0/oauth2/userAccessToken', { body: exchange });
  expect(userToken.status).toBe(200);
  expect(userToken.body).toMatchObject({ expireIn: 7200, corpId: 'dingdemocorp0001' });
  const reused = await call(sandbox.url, 'POST', '/v1.0/oauth2/userAccessToken', { body: exchange });
  expect(reused.status).toBe(400);

  const me = await call(sandbox.url, 'GET', '/v1.0/contact/users/me', { token: userToken.body.accessToken });
  expect(me.body).toMatchObject({
    nick: '张三',
    unionId: 'union_zhangsan',
    mobile: '13800000002',
    email: 'zhangsan@demo.huiban.cn',
  });
  // The app token is not a user token.
  const wrong = await call(sandbox.url, 'GET', '/v1.0/contact/users/me', { token });
  expect(wrong.status).toBe(400);

  const byUnion = await call(sandbox.url, 'POST', '/topapi/user/getbyunionid', {
    oldToken: token,
    body: { unionid: 'union_zhangsan' },
  });
  expect(byUnion.body).toMatchObject({ errcode: 0, result: { userid: 'zhangsan', contact_type: 0 } });

  const refreshed = await call<{ accessToken: string }>(sandbox.url, 'POST', '/v1.0/oauth2/userAccessToken', {
    body: {
      clientId: DEMO_APP.clientId,
      clientSecret: DEMO_APP.clientSecret,
      refreshToken: userToken.body.refreshToken,
      grantType: 'refresh_token',
    },
  });
  expect(refreshed.status).toBe(200);

  const expiredCode = new URL(
    (await call(sandbox.url, 'GET', authorizeUrl({ login_hint: 'lisi' }))).headers.get('location') ?? '',
  ).searchParams.get('code');
  sandbox.control.advanceClock(5 * 60_000 + 1000);
  const late = await call(sandbox.url, 'POST', '/v1.0/oauth2/userAccessToken', {
    body: { ...exchange, code: expiredCode },
  });
  expect(late.status).toBe(400);
});

test('an unknown client_id or a user outside the org cannot log in', async () => {
  const unknown = await call(sandbox.url, 'GET', authorizeUrl({ client_id: 'nope' }));
  expect(unknown.status).toBe(400);
  const outsider = await call(sandbox.url, 'GET', authorizeUrl({ sandbox_user: 'stranger' }));
  expect(outsider.status).toBe(403);
});

test('免登: a jsapi code resolves through topapi/v2/user/getuserinfo once; reuse is 40078 (§8.2)', async () => {
  const code = sandbox.control.issueJsapiAuthCode({ userId: 'wangmin' });
  const info = await call(sandbox.url, 'POST', '/topapi/v2/user/getuserinfo', {
    oldToken: token,
    body: { code },
  });
  expect(info.body).toMatchObject({
    errcode: 0,
    result: { userid: 'wangmin', unionid: 'union_wangmin', name: '王敏', sys: true, sys_level: 1 },
  });
  const again = await call(sandbox.url, 'POST', '/topapi/v2/user/getuserinfo', {
    oldToken: token,
    body: { code },
  });
  expect(again.body).toMatchObject({ errcode: 40078 });
});

test('contacts: user detail, by mobile, department lists (§7)', async () => {
  const detail = await call<{ errcode: number; result: Record<string, unknown> }>(
    sandbox.url,
    'POST',
    '/topapi/v2/user/get',
    {
      oldToken: token,
      body: { userid: 'wangwu', language: 'zh_CN' },
    },
  );
  expect(detail.body.errcode).toBe(0);
  expect(detail.body.result).toMatchObject({
    userid: 'wangwu',
    unionid: 'union_wangwu',
    name: '王五',
    mobile: '13800000004',
    email: 'wangwu@demo.huiban.cn',
    job_number: 'E004',
    dept_id_list: [102],
    active: true,
    admin: false,
    leader_in_dept: [{ dept_id: 102, leader: true }],
  });
  const byMobile = await call(sandbox.url, 'POST', '/topapi/v2/user/getbymobile', {
    oldToken: token,
    body: { mobile: '13800000012' },
  });
  expect(byMobile.body).toMatchObject({ errcode: 0, result: { userid: 'liuxing' } });
  const depts = await call<{ result: { name: string }[] }>(
    sandbox.url,
    'POST',
    '/topapi/v2/department/listsub',
    { oldToken: token, body: { dept_id: 1 } },
  );
  expect(depts.body.result.map((d) => d.name)).toEqual([
    '技术部',
    '财务部',
    '人事部',
    '采购部',
    '市场部',
    '行政部',
  ]);
  const list = await call<{ result: { has_more: boolean; list: { userid: string }[] } }>(
    sandbox.url,
    'POST',
    '/topapi/v2/user/list',
    {
      oldToken: token,
      body: { dept_id: 101, cursor: 0, size: 10 },
    },
  );
  expect(list.body.result.list.map((u) => u.userid)).toEqual(['wangmin', 'zhangsan', 'lisi']);
});
