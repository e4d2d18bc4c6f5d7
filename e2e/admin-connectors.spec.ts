import { expect, type Page, test } from '@playwright/test';
import { DEMO_CORP_ID, DEMO_DINGTALK_APP } from '@/db/seed-data';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { scaled } from './fixtures/time';
import { checkStable, clickStable } from './fixtures/ui';

const SECRET = DEMO_DINGTALK_APP.clientSecret;
const AES_KEY = 'e2eAesKey0000000000000000000000000000000001'; // 43 chars
const TOKEN = 'e2eCallbackToken01';
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Every admin connector API, as [method, path, body]. */
const ADMIN_APIS = [
  ['GET', '/api/admin/connectors', undefined],
  ['POST', '/api/admin/connectors', { name: 'x' }],
  ['GET', `/api/admin/connectors/${SOME_ID}`, undefined],
  ['PATCH', `/api/admin/connectors/${SOME_ID}`, { name: 'x' }],
  ['POST', `/api/admin/connectors/${SOME_ID}/test`, undefined],
  ['PUT', `/api/admin/connectors/${SOME_ID}/enabled`, { enabled: false }],
] as const;

/**
 * Clicks 保存 and waits until the page is done with it. Every save here follows a 测试连接 whose result is on
 * screen: the page clears it only after the PATCH's answer has been handled (ConnectorPage's onSubmit), and a
 * test clicked before that would have its own result wiped by the same reset.
 */
async function save(page: Page) {
  // Still on the connector page with the form idle (a loading button is named "loading 保存").
  await expect(page.getByTestId('callback-url')).toBeVisible();
  await expect(page.getByTestId('test-result')).toBeVisible();
  const answered = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await clickStable(page.getByRole('button', { name: /^保\s?存$/ }));
  expect((await answered).status()).toBe(200);
  await expect(page.getByTestId('test-result')).toHaveCount(0);
}

async function call(page: Page, [method, path, body]: (typeof ADMIN_APIS)[number]) {
  return page.request.fetch(path, { method, ...(body ? { data: body } : {}) });
}

test('the connector APIs answer 401 without a session and 403 for an employee', async ({ page }) => {
  for (const api of ADMIN_APIS) {
    const response = await call(page, api);
    expect(response.status(), `${api[0]} ${api[1]}`).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
  }
  await apiSignin(page, demoEmployee.username);
  for (const api of ADMIN_APIS) {
    const response = await call(page, api);
    expect(response.status(), `${api[0]} ${api[1]}`).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  }
  const pageResponse = await page.goto('/admin/connectors');
  expect(pageResponse?.status()).toBe(403);
});

test('bad input is a 400 with field issues and creates nothing', async ({ page }) => {
  await apiSignin(page, demoAdmin.username);
  const before = (await (await page.request.get('/api/admin/connectors')).json()).connectors.length;
  const valid = { name: 'e2e 校验', corpId: DEMO_CORP_ID, clientId: 'x', clientSecret: 'y' };

  const shortKey = await page.request.post('/api/admin/connectors', { data: { ...valid, aesKey: 'short' } });
  expect(shortKey.status()).toBe(400);
  expect((await shortKey.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['body.aesKey']);

  const httpMode = await page.request.post('/api/admin/connectors', {
    data: { ...valid, deliveryMode: 'http' },
  });
  expect(httpMode.status()).toBe(400);
  expect((await httpMode.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
    'body.aesKey',
    'body.callbackToken',
  ]);

  const missing = await page.request.post('/api/admin/connectors', { data: { name: 'x' } });
  expect(missing.status()).toBe(400);
  const paths = (await missing.json()).error.issues.map((i: { path: string }) => i.path);
  expect(paths).toEqual(expect.arrayContaining(['body.corpId', 'body.clientId', 'body.clientSecret']));

  const after = (await (await page.request.get('/api/admin/connectors')).json()).connectors.length;
  expect(after).toBe(before);
});

test('an admin creates, tests, edits and disables a DingTalk connector; the secret never comes back', async ({
  page,
}) => {
  // Many round trips (create, three tests, three saves, disable) against the production build; CI once needed
  // more than 60 s for them while the other Playwright worker ran beside it.
  test.setTimeout(scaled(120_000));
  const name = `e2e 钉钉 ${Date.now()}`;
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/connectors');
  await page.getByRole('menuitem', { name: /连接器/ }).waitFor();
  await clickStable(page.getByRole('button', { name: /新建钉钉连接器/ }));
  await expect(page).toHaveURL(/\/admin\/connectors\/new$/);

  await page.getByLabel('名称').fill(name);
  await page.getByLabel('CorpId').fill(DEMO_CORP_ID);
  await page.getByLabel('Client ID (AppKey)').fill(DEMO_DINGTALK_APP.clientId);
  await page.getByLabel('Client Secret (AppSecret)').fill(SECRET);
  // HTTP callback mode: the worker opens no Stream connection that could take the demo app's events.
  await checkStable(page.getByLabel('HTTP 回调'));
  await page.getByLabel('加密 aes_key').fill(AES_KEY);
  await page.getByLabel('签名 token').fill(TOKEN);
  await page.getByLabel('开放平台地址 apiBase').fill(SANDBOX_URL);
  await page.getByLabel('旧版接口地址 oapiBase').fill(SANDBOX_URL);
  await clickStable(page.getByRole('button', { name: /^创\s?建$/ }));

  await expect(page).toHaveURL(/\/admin\/connectors\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('callback-url')).toContainText(`/api/callbacks/dingtalk/${id}`);
  for (const secret of ['clientSecret', 'aesKey', 'callbackToken']) {
    await expect(page.getByTestId(`secret-state-${secret}`)).toHaveText('已设置');
  }
  await expect(page.getByLabel('Client Secret (AppSecret)')).toHaveValue('');

  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('连接成功');

  // Edit without a secret keeps it; a wrong new secret replaces it and the test reports DingTalk's code.
  await page.getByLabel('审批模板 processCode').fill('PROC-E2E');
  await page.getByLabel('审批模板 processCode').press('Enter');
  await save(page);
  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('连接成功');
  await page.getByLabel(/Client Secret/).fill('wrong-secret-e2e');
  await save(page);
  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('invalidClientIdOrSecret');
  await page.getByLabel(/Client Secret/).fill(SECRET);
  await save(page);
  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('连接成功');

  await clickStable(page.getByRole('switch', { name: '启用连接器' }));
  await expect(page.getByTestId('connector-enabled')).toHaveText('已停用');

  await clickStable(page.getByRole('menuitem', { name: /连接器/ }));
  await expect(page).toHaveURL(/\/admin\/connectors$/);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('已停用');
  await expect(row).toContainText('HTTP 回调');

  // Invariant 6: neither the pages (HTML and RSC payload) nor the API answers carry a secret.
  const answers = [
    await page.content(),
    await (await page.request.get('/admin/connectors')).text(),
    await (await page.request.get(`/admin/connectors/${id}`)).text(),
    await (await page.request.get('/api/admin/connectors')).text(),
    await (await page.request.get(`/api/admin/connectors/${id}`)).text(),
  ];
  for (const text of answers) {
    for (const secret of [SECRET, AES_KEY, TOKEN, 'wrong-secret-e2e']) expect(text).not.toContain(secret);
  }
  const detail = await (await page.request.get(`/api/admin/connectors/${id}`)).json();
  expect(detail).toMatchObject({
    enabled: false,
    settings: { deliveryMode: 'http', processCodes: ['PROC-E2E'], apiBase: SANDBOX_URL },
    secretsSet: { clientSecret: true, aesKey: true, callbackToken: true },
  });
});
