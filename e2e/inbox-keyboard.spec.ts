import { expect, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { startDingTalkInstance } from './fixtures/sandbox';
import { instanceIdOf, waitForTask } from './fixtures/tasks';
import { clickStable, settle, stableDialog } from './fixtures/ui';

test('keyboard: ? opens the help (with t 转交), a + Ctrl+Enter agrees, n then moves on to the next task', async ({
  page,
  request,
}) => {
  const stamp = Date.now().toString(36);
  const first = `键盘审批甲-${stamp}`;
  const second = `键盘审批乙-${stamp}`;
  for (const title of [first, second])
    await startDingTalkInstance(request, {
      processCode: 'PROC-DEMO-EXPENSE',
      originator: 'chener',
      approver: 'liuxing',
      title,
      form: { 报销事由: '键盘', '报销金额（元）': '12' },
    });
  await apiSignin(page, 'liuxing');
  const task = await waitForTask(page, first);
  await waitForTask(page, second);

  // In the list: ? toggles the help, which lists every shortcut of both pages.
  await page.goto('/inbox/pending');
  await expect(page.getByTestId('inbox-row').filter({ hasText: first })).toBeVisible();
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('转交');
  await expect(help).toContainText('Ctrl / ⌘ + Enter');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // On the task page: a opens 同意, Ctrl+Enter submits it from the remark field.
  await page.goto(`/instances/${task.instanceId}`);
  await expect(page.getByRole('heading', { name: first })).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('转交');
  await page.keyboard.press('Escape');
  await settle(page);
  await page.keyboard.press('a');
  const dialog = await stableDialog(page, /同\s*意/);
  await dialog.getByRole('textbox').fill('键盘同意');
  await dialog.getByRole('textbox').press('Control+Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('my-actions')).toContainText('同意');

  // n after acting goes to another pending task, never stays here.
  await settle(page);
  await page.keyboard.press('n');
  await expect(page).not.toHaveURL(new RegExp(task.instanceId));
  expect(instanceIdOf(page)).not.toBe(task.instanceId);
  await expect(page.getByTestId('instance-source')).toBeVisible();
});

test('t opens 转交 on a task page; Cmd+Enter submits too (with the check of the empty target)', async ({
  page,
  request,
}) => {
  const title = `键盘转交-${Date.now().toString(36)}`;
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'chener',
    approver: 'liuxing',
    title,
  });
  await apiSignin(page, 'liuxing');
  const task = await waitForTask(page, title);
  await page.goto(`/instances/${task.instanceId}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await page.keyboard.press('t');
  const dialog = await stableDialog(page, /转\s*交/);
  await dialog.getByRole('textbox').press('Meta+Enter');
  // Submitted without a target: the dialog's own check answers, so the chord did submit.
  await expect(dialog.getByTestId('action-problem')).toBeVisible();
  await clickStable(dialog.getByRole('button', { name: /取\s*消/ }));
});

test('a greyed batch checkbox says why the row cannot be batch-approved', async ({ page, request }) => {
  const title = `不可批量-${Date.now().toString(36)}`;
  // 报销, not 采购: inbox-features.spec.ts turns batch approval on for 采购 on the same server.
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'chener',
    approver: 'liuxing',
    title,
  });
  await apiSignin(page, 'liuxing');
  await waitForTask(page, title);
  await page.goto('/inbox/pending');
  const row = page.getByTestId('inbox-row').filter({ hasText: title });
  await expect(row.getByRole('checkbox')).toBeDisabled();
  await row.getByTestId('batch-disabled-reason').hover();
  await expect(page.getByRole('tooltip')).toContainText('未开启批量同意');
});
