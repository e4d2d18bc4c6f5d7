import { expect, test } from '@playwright/test';
import { DEMO_CORP_ID } from '@/db/seed-data';
import { clientUrl, openDingTalkClient } from './fixtures/dingtalk-client';
import { SANDBOX_URL } from './fixtures/sandbox';
import { BUDGET, scaled } from './fixtures/time';

// Signing in is hydration, the client bridge, the code exchange with the sandbox, then the inbox's first render.
const SIGN_IN = { timeout: scaled(BUDGET.ingest) };
test.setTimeout(scaled(120_000));

/**
 * Huiban inside the DingTalk client (免登, reference dingtalk-api.md §8.2): the sandbox stands in for the client
 * on an iPhone 13, and the page's own dingtalk-jsapi asks it for the auth code.
 */

test('opened from the DingTalk workbench, a linked employee is signed in without a password and sees 待我处理', async ({
  browser,
  baseURL,
}) => {
  // 王敏's DingTalk identity is linked to her Huiban account by the demo seed.
  const context = await openDingTalkClient(browser, 'wangmin');
  const page = await context.newPage();
  await page.goto(clientUrl(baseURL!, 'wangmin'));
  await expect(page).toHaveURL(/\/inbox\/pending/, SIGN_IN);
  await expect(page.getByTestId('mobile-tab-bar')).toBeVisible();
  await expect(page.getByTestId('mobile-tab-bar').getByText('待我处理')).toBeVisible();
  await expect(page.getByLabel('密码')).toHaveCount(0);
  // The page really asked the client (the unmodified dingtalk-jsapi call, through the injected bridge).
  const session = (await (await page.request.get('/api/auth/session')).json()) as { userId?: string };
  expect(session.userId).toBeTruthy();
  await page.screenshot({ path: 'test-results/dingtalk-client-signed-in.png' });

  // Nothing is left to retry: reloading the homepage inside the client goes straight to the inbox.
  await page.goto(`/?corpId=${DEMO_CORP_ID}`);
  await expect(page).toHaveURL(/\/inbox\/pending/, SIGN_IN);
  await context.close();
});

test('a DingTalk member without a Huiban account sees what to do, with the password form, and no loop', async ({
  browser,
  baseURL,
  request,
}) => {
  const userId = `newcomer${Date.now().toString(36)}`;
  // A member of the DingTalk org that Huiban has never been told about (no contact event, no identity).
  const added = await request.post(`${SANDBOX_URL}/__control/orgs/${DEMO_CORP_ID}/users`, {
    data: { users: [{ userId, name: '新同事', deptIds: [1] }] },
  });
  expect(added.status(), await added.text()).toBe(201);

  const context = await openDingTalkClient(browser, userId);
  const page = await context.newPage();
  let codeRequests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/auth/callback/dingtalk-h5')) codeRequests += 1;
  });
  await page.goto(clientUrl(baseURL!, userId));
  // (Next's route announcer is a role=alert too.)
  const alert = page.locator('.ant-alert');
  await expect(alert).toContainText('你的钉钉账号还没有关联汇办账号', SIGN_IN);
  await expect(alert).toContainText('身份映射');
  await expect(page).toHaveURL(/\/login/);
  // Not an error page: the ordinary password form is there, and nothing retries by itself.
  await expect(page.getByLabel('密码')).toBeVisible();
  await expect(alert.getByRole('button')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/dingtalk-client-not-linked.png' });
  await expect.poll(() => codeRequests).toBe(1);
  await context.close();
});
