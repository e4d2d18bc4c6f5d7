import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { DEMO_APP, DEMO_CORP_ID } from '../scenarios/demo';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'demo' });
});

afterAll(async () => {
  await sandbox.close();
});

async function askCode(body: unknown): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${sandbox.url}/client/auth-code`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // Readable from the page's origin (a malformed body is refused by the server before the handler).
  if (response.status !== 400) expect(response.headers.get('access-control-allow-origin')).toBe('*');
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

test('the client bridge is served as a script naming the user and the jsapi methods it answers', async () => {
  const response = await fetch(`${sandbox.url}/client/bridge.js?user=zhangsan`);
  expect(response.headers.get('content-type')).toContain('javascript');
  const script = await response.text();
  expect(script).toContain('WebViewJavascriptBridge');
  expect(script).toContain('"zhangsan"');
  expect(script).toContain('runtime.permission.requestAuthCodeV2');
  expect(script).toContain('biz.util.openLink');
  const page = await fetch(
    `${sandbox.url}/client?url=${encodeURIComponent('http://localhost:3000/?corpId=x')}`,
  );
  expect(page.status).toBe(200);
  expect((await fetch(`${sandbox.url}/client?url=javascript:alert(1)`)).status).toBe(400);
});

test('a code from the client resolves once through getuserinfo of its own corp; reuse and expiry are 40078', async () => {
  const token = await appToken(sandbox.url, DEMO_APP);
  const issued = await askCode({ corpId: DEMO_CORP_ID, clientId: DEMO_APP.clientId, user: 'zhangsan' });
  expect(issued.status).toBe(201);
  const exchange = () =>
    call<{ errcode: number; result?: { userid: string; unionid: string } }>(
      sandbox.url,
      'POST',
      '/topapi/v2/user/getuserinfo',
      { oldToken: token, body: { code: issued.body.code } },
    );
  const first = await exchange();
  expect(first.body).toMatchObject({ errcode: 0, result: { userid: 'zhangsan', unionid: 'union_zhangsan' } });
  expect((await exchange()).body).toMatchObject({ errcode: 40078 });

  const late = await askCode({ corpId: DEMO_CORP_ID, user: 'zhangsan' });
  sandbox.control.advanceClock(5 * 60_000 + 1);
  const expired = await call<{ errcode: number }>(sandbox.url, 'POST', '/topapi/v2/user/getuserinfo', {
    oldToken: await appToken(sandbox.url, DEMO_APP),
    body: { code: late.body.code },
  });
  expect(expired.body.errcode).toBe(40078);
});

test('the client refuses a corp, user or app the user does not belong to, and malformed bodies', async () => {
  expect(await askCode({ corpId: 'dingnosuchcorp', user: 'zhangsan' })).toMatchObject({
    status: 404,
    body: { errorCode: '3' },
  });
  expect((await askCode({ corpId: DEMO_CORP_ID, user: 'nobody' })).status).toBe(404);
  expect((await askCode({ corpId: DEMO_CORP_ID, clientId: 'dingnoapp', user: 'zhangsan' })).status).toBe(404);
  expect((await askCode('{not json')).status).toBe(400);
});
