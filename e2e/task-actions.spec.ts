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

test('when DingTalk throttles the write-back, the action says it is waiting to retry, then ends 已同步', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const sandbox = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? '4110'}`;
  const title = `限流重试-${Date.now().toString(36)}`;
  const started = await request.post(`${sandbox}/__control/instances`, {
    data: {
      corpId: 'dingdemocorp0001',
      processCode: 'PROC-DEMO-EXPENSE',
      originatorUserId: 'chener',
      approvers: [{ actionType: 'NONE', userIds: ['wushi'] }],
      title,
      form: { 报销事由: '打车', '报销金额（元）': '36' },
    },
  });
  expect(started.status(), await started.text()).toBe(201);

  await apiSignin(page, 'wushi');
  await expect
    .poll(
      async () =>
        (
          (await (
            await page.request.get(`/api/tasks?view=pending&q=${encodeURIComponent(title)}`)
          ).json()) as {
            items: unknown[];
          }
        ).items.length,
      { timeout: 60_000 },
    )
    .toBe(1);
  await page.goto('/inbox/pending');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  // DingTalk answers the next two execute calls with its throttling error.
  const fault = await request.post(`${sandbox}/__control/faults/calls`, {
    data: { kind: 'throttle', count: 2, api: 'processInstances/execute' },
  });
  expect(fault.status()).toBe(201);
  await page.getByRole('button', { name: /^同\s*意$/ }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /提\s*交/ })
    .click();
  const mine = page.getByTestId('my-actions');
  await expect(mine).toContainText('提交中');
  await expect(mine.getByTestId('write-back-retrying')).toContainText(/已尝试 \d+ 次，稍后自动重试/, {
    timeout: 20_000,
  });
  await page.screenshot({ path: 'test-results/write-back-retrying.png', fullPage: true });
  // pg-boss retries with backoff (5 s, then 10 s …): the action lands and is confirmed by the source's state.
  await expect(mine).toContainText('已同步', { timeout: 75_000 });
  await expect(mine.getByTestId('write-back-retrying')).toHaveCount(0);
});
