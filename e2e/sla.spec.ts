import { expect, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { startDingTalkInstance as startInstance } from './fixtures/sandbox';
import { findTasks, inboxRow as rowOf, waitForTask } from './fixtures/tasks';
import { clickStable, openDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

// docs/sla.md. This spec owns the leave process's SLA and approver 赵六 (zhaoliu), so it runs beside the others.
const PROCESS = 'PROC-DEMO-LEAVE';
// Two pages, a job round trip and full-page screenshots: more than the default budget on a busy machine.
test.setTimeout(300_000);

test('an admin sets an SLA in 流程设置: a waiting task gets its due date (recomputed), a new one on arrival, shown in the inbox', async ({
  page,
  request,
  browser,
}) => {
  const run = Date.now().toString(36);
  const waiting = `赵六待审请假-${run}`;
  await startInstance(request, {
    processCode: PROCESS,
    originator: 'zhoujiu',
    approver: 'zhaoliu',
    title: waiting,
  });
  await apiSignin(page, 'zhaoliu');
  await waitForTask(page, waiting);

  const admin = await browser.newPage();
  await apiSignin(admin, 'wangmin');
  await admin.goto('/admin/processes');
  const row = admin.locator('.ant-table-tbody tr.ant-table-row', { hasText: PROCESS });
  const dialog = await openDialog(admin, row.getByRole('button', { name: /设置时限/ }));
  await dialog.getByRole('switch').check();
  await expect(dialog.getByRole('switch')).toHaveAttribute('aria-checked', 'true');
  await dialog.getByLabel('处理时限').fill('2');
  await dialog.getByLabel('工作日').click();
  await clickStable(admin.locator('.ant-select-item-option', { hasText: '工作日' }));
  await clickStable(dialog.getByRole('button', { name: /保\s*存/ }));
  await expect(dialog).toBeHidden();
  await expect(row.getByRole('button', { name: /设置时限/ })).toContainText('2 工作日');
  await admin.close();

  // The waiting task's due date comes from the recompute job; a task arriving now gets one when it is written.
  const recomputed = await waitForState(() => findTasks(page, waiting), {
    what: 'the waiting task with a due date',
    until: (rows) => rows.some((r) => r.dueAt !== null),
  });
  const fresh = `赵六新请假-${run}`;
  await startInstance(request, {
    processCode: PROCESS,
    originator: 'zhoujiu',
    approver: 'zhaoliu',
    title: fresh,
  });
  const arrived = await waitForTask(page, fresh);
  expect(arrived.dueAt).not.toBeNull();
  // Two working days (16 working hours) never end sooner than two calendar days minus a weekend day's slack.
  const task = recomputed[0]!;
  expect(Date.parse(task.dueAt!) - Date.parse(task.receivedAt)).toBeGreaterThan(24 * 3_600_000);

  await page.goto('/inbox/pending');
  for (const title of [waiting, fresh]) {
    await expect(rowOf(page, title)).toBeVisible();
    // The 截止时间 column shows a date and time (MM-DD HH:mm), not the dash of "no due date".
    await expect(rowOf(page, title)).toContainText(/\d{2}-\d{2} \d{2}:\d{2}/);
  }
});

test('the business calendar page: import a holiday and a 调休 day; screenshots at 1400 and 390 px', async ({
  page,
}) => {
  await apiSignin(page, 'wangmin');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/admin/calendar');
  await expect(page.getByRole('heading', { name: '工作日历' })).toBeVisible();
  await expect(page.getByTestId('day-length')).toContainText('8');
  await page.getByLabel('年份').fill('2031');
  await page.getByLabel('导入日期').fill('2031-10-01 holiday 国庆节\n2031-10-11 workday 国庆调休');
  await clickStable(page.getByRole('button', { name: /导\s*入/ }));
  await expect(page.getByText('已导入 2 个日期')).toBeVisible();
  const table = page.locator('.ant-table-tbody');
  await expect(table).toContainText('2031-10-01');
  await expect(table).toContainText('节假日');
  await expect(table).toContainText('调休上班');
  await page.screenshot({ path: 'test-results/sla-calendar-1400.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table).toContainText('2031-10-11');
  await page.screenshot({
    path: 'test-results/sla-calendar-390.png',
    fullPage: true,
    animations: 'disabled',
  });
});
