import { expect, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';

test('an approver opens a task, reads the log and attachments, agrees, and finds it under 我已处理', async ({
  page,
  playwright,
  baseURL,
}) => {
  // 王五 approves 李四's travel expense in the sandbox demo org (it carries a PDF invoice and a PNG).
  await apiSignin(page, 'wangwu');
  await page.goto('/inbox/pending');
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '李四提交的报销' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole('link', { name: '李四提交的报销' }).click();

  await expect(page.getByRole('heading', { name: '李四提交的报销' })).toBeVisible();
  await expect(page.getByText('审批记录')).toBeVisible();
  await expect(page.getByTestId('log-step').first()).toContainText('发起申请');
  const invoice = page.getByTestId('attachment').filter({ hasText: '发票-上海出差.pdf' });
  await expect(invoice).toBeVisible();
  // Bytes are copied out of DingTalk storage by the worker; preview appears once they are in.
  await expect(invoice.getByRole('link', { name: /预览/ })).toBeVisible({ timeout: 20_000 });
  const href = await invoice.getByRole('link', { name: /预览/ }).getAttribute('href');
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');
  expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Someone who takes no part in the instance gets 404 for the same bytes and the same page.
  const stranger = await playwright.request.newContext({ baseURL });
  await apiSignin(stranger, 'liuxing');
  expect((await stranger.get(href!)).status()).toBe(404);
  expect((await stranger.get(`/api/instances/${page.url().split('/').pop()}`)).status()).toBe(404);
  await stranger.dispose();

  await page.getByRole('button', { name: /^同\s*意$/ }).click();
  await page.getByRole('dialog').getByRole('textbox').fill('同意报销');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /提\s*交/ })
    .click();
  await expect(page.getByTestId('my-actions')).toContainText('同意');
  await expect(page.getByTestId('my-actions')).toContainText('已同步', { timeout: 20_000 });
  await expect(page.getByTestId('log-step').filter({ hasText: '同意报销' })).toBeVisible({ timeout: 20_000 });

  await page.goto('/inbox/pending');
  await expect(page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '李四提交的报销' })).toHaveCount(
    0,
  );
  await page.goto('/inbox/done');
  await expect(
    page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '李四提交的报销' }),
  ).toBeVisible();
});

test('refusing requires a reason; a task of someone else cannot be acted on', async ({ page }) => {
  await apiSignin(page, 'liuxing');
  const theirs = await page.request.post('/api/tasks/00000000-0000-4000-8000-000000000000/actions', {
    data: { action: 'agree' },
  });
  expect(theirs.status()).toBe(404);
  const noReason = await page.request.post('/api/tasks/00000000-0000-4000-8000-000000000000/actions', {
    data: { action: 'refuse' },
  });
  expect(noReason.status()).toBe(400);
  expect((await noReason.json()).error.code).toBe('validation_failed');
});
