import { expect, test } from '@playwright/test';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { clickStable } from './fixtures/ui';

test('the shell switches between Chinese and English and remembers the choice', async ({ page }) => {
  await apiSignin(page, demoEmployee.username);
  await page.goto('/inbox/pending');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('menuitem', { name: /我已处理/ })).toBeVisible();
  await clickStable(page.getByRole('button', { name: 'English' }));
  await expect(page.getByRole('menuitem', { name: /Started by me/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await page.reload();
  await expect(page.getByRole('menuitem', { name: /CC to me/ })).toBeVisible();
  await clickStable(page.getByRole('button', { name: '中文' }));
  await expect(page.getByRole('menuitem', { name: /抄送我的/ })).toBeVisible();
});

test('an employee opening /admin gets the 403 page', async ({ page }) => {
  await apiSignin(page, demoEmployee.username);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('403 · 无权访问')).toBeVisible();
  await expect(page.getByText('王敏')).toHaveCount(0);
});

test('an admin sees the admin menu and overview', async ({ page }) => {
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: '管理概览' })).toBeVisible();
  await expect(page.getByText('汇办本地流程')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /概览/ })).toBeVisible();
});

test('sign-out ends the session', async ({ page }) => {
  await apiSignin(page, demoEmployee.username);
  await page.goto('/inbox/done');
  await clickStable(page.getByTestId('user-menu'));
  await clickStable(page.getByRole('menuitem', { name: '退出登录' }));
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/inbox/pending');
  await expect(page).toHaveURL(/\/login/);
});
