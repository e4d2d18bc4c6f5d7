import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, demoEmployee } from './fixtures/auth';
import { clickStable } from './fixtures/ui';

test('an employee signs in with the form and lands in the inbox, in Chinese', async ({ page }) => {
  await page.goto('/inbox/pending');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: '登录汇办' })).toBeVisible();
  await page.getByLabel('账号或邮箱').fill(demoEmployee.username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await clickStable(page.getByRole('button', { name: /^登\s*录$/ }));
  await expect(page).toHaveURL(/\/inbox\/pending$/);
  await expect(page.getByRole('menuitem', { name: /待我处理/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /抄送我的/ })).toBeVisible();
  await expect(page.getByTestId('user-menu')).toContainText(demoEmployee.name);
  // Employees do not see the admin menu.
  await expect(page.getByRole('menuitem', { name: /概览/ })).toHaveCount(0);
});

test('a wrong password shows a clear message and no session', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('账号或邮箱').fill(demoEmployee.username);
  await page.getByLabel('密码').fill('wrong-password');
  await clickStable(page.getByRole('button', { name: /^登\s*录$/ }));
  await expect(page.locator('.ant-alert')).toContainText('账号或密码错误');
  await expect(page).toHaveURL(/\/login/);
  const session = await (await page.request.get('/api/auth/session')).json();
  expect(session).toEqual({});
});

test('an unknown user gets the same message as a wrong password', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('账号或邮箱').fill('nobody-here');
  await page.getByLabel('密码').fill('whatever-password');
  await clickStable(page.getByRole('button', { name: /^登\s*录$/ }));
  await expect(page.locator('.ant-alert')).toContainText('账号或密码错误');
});

test('signing in with DingTalk goes through the DingTalk login page and back as that person', async ({
  page,
}) => {
  await page.goto('/login');
  await clickStable(page.getByRole('button', { name: '使用钉钉登录' }));
  // The sandbox serves DingTalk's OAuth page (login host is configuration): pick 张三 there.
  await clickStable(page.getByRole('link', { name: '张三' }));
  await expect(page).toHaveURL(/\/inbox\/pending$/);
  await expect(page.getByTestId('user-menu')).toContainText('张三');
});
