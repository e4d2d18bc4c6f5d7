import { expect, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import {
  inboxRow,
  submitAction,
  waitForInstance,
  waitForTask,
  waitForTaskGone,
  waitForWriteBack,
} from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable } from './fixtures/ui';

test('an approver opens a task, reads the log and attachments, agrees, and finds it under 我已处理', async ({
  page,
  playwright,
  baseURL,
}) => {
  // 王五 approves 李四's travel expense in the sandbox demo org (it carries a PDF invoice and a PNG).
  await apiSignin(page, 'wangwu');
  const task = await waitForTask(page, '李四提交的报销');
  // Bytes are copied out of DingTalk storage by the worker after the task exists; the page does not poll them.
  await waitForInstance(page, task.instanceId, 'the invoice copied into Huiban storage', (i) =>
    i.attachments.some((a) => a.fileName === '发票-上海出差.pdf' && a.isAvailable),
  );
  await page.goto('/inbox/pending');
  const row = inboxRow(page, '李四提交的报销');
  await clickStable(row.getByRole('link', { name: '李四提交的报销' }));

  await expect(page.getByRole('heading', { name: '李四提交的报销' })).toBeVisible();
  await expect(page.getByText('审批记录')).toBeVisible();
  await expect(page.getByTestId('log-step').first()).toContainText('发起申请');
  const invoice = page.getByTestId('attachment').filter({ hasText: '发票-上海出差.pdf' });
  await expect(invoice).toBeVisible();
  await expect(invoice.getByRole('link', { name: /预览/ })).toBeVisible();
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

  await submitAction(page, /^同\s*意$/, '同意报销');
  await expect(page.getByTestId('my-actions')).toContainText('同意');
  // The write-back is confirmed from the source's state, whose re-read also brings DingTalk's log step.
  await waitForInstance(
    page,
    task.instanceId,
    'the agree confirmed and in the log',
    (i) =>
      i.myActions.every((a) => a.writeBackStatus === 'confirmed') &&
      i.logs.some((l) => l.remark === '同意报销'),
  );
  await waitForWriteBack(page);
  await expect(page.getByTestId('my-actions')).toContainText('已同步');
  await expect(page.getByTestId('log-step').filter({ hasText: '同意报销' })).toBeVisible();

  await waitForTaskGone(page, '李四提交的报销');
  await page.goto('/inbox/pending');
  await expect(inboxRow(page, '李四提交的报销')).toHaveCount(0);
  await waitForTask(page, '李四提交的报销', { view: 'done' });
  await page.goto('/inbox/done');
  await expect(inboxRow(page, '李四提交的报销')).toBeVisible();
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
  test.setTimeout(scaled(120_000));
  const title = `限流重试-${Date.now().toString(36)}`;
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'chener',
    approver: 'wushi',
    title,
    form: { 报销事由: '打车', '报销金额（元）': '36' },
  });

  await apiSignin(page, 'wushi');
  const task = await waitForTask(page, title);
  await page.goto(`/instances/${task.instanceId}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  // DingTalk answers the next six execute calls with its throttling error: more than the client waits out within
  // one attempt (three retries), so the first attempt fails and the job retries later.
  const fault = await request.post(`${SANDBOX_URL}/__control/faults/calls`, {
    data: { kind: 'throttle', count: 6, api: 'processInstances/execute' },
  });
  expect(fault.status()).toBe(201);
  await submitAction(page, /^同\s*意$/);
  const mine = page.getByTestId('my-actions');
  await expect(mine).toContainText('提交中');
  // A throttled try is recorded (pending, with the error); the page polls while an action is pending.
  await waitForInstance(page, task.instanceId, 'a throttled write-back attempt', (i) =>
    i.myActions.some((a) => a.writeBackStatus === 'pending' && a.attempts > 0 && !!a.lastError),
  );
  await expect(mine.getByTestId('write-back-retrying')).toContainText(/已尝试 \d+ 次，稍后自动重试/);
  await page.screenshot({ path: 'test-results/write-back-retrying.png', fullPage: true });
  // pg-boss retries with backoff (5 s, then 10 s …): the action lands and is confirmed by the source's state.
  await waitForWriteBack(page, BUDGET.retries);
  await expect(mine).toContainText('已同步');
  await expect(mine.getByTestId('write-back-retrying')).toHaveCount(0);
});
