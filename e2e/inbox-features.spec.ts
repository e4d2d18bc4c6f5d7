import { expect, test } from '@playwright/test';
import { apiSignin, switchUser } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance as startInstance } from './fixtures/sandbox';
import {
  findTasks,
  instanceIdOf,
  inboxRow as rowOf,
  submitAction,
  waitForInstance,
  waitForTask,
  waitForTaskGone,
  waitForWriteBack,
} from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { checkStable, clickStable, openDialog, settle } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

// Each test works with its own sandbox approver so the specs can run in parallel with the others.
const PROC = {
  leave: 'PROC-DEMO-LEAVE',
  expense: 'PROC-DEMO-EXPENSE',
  purchase: 'PROC-DEMO-PURCHASE',
};
// A 2×2 PNG, so the in-page preview has real image bytes to render.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

test('counts, Chinese search, filters, a saved default view across sign-in, and a new task without reload', async ({
  page,
  request,
}) => {
  const run = Date.now().toString(36);
  const expense = `郑一待审报销-${run}`;
  const leave = `郑一待审请假-${run}`;
  await startInstance(request, {
    processCode: PROC.expense,
    originator: 'zhoujiu',
    approver: 'zhengyi',
    title: expense,
    form: { 报销事由: '客户拜访打车', '报销金额（元）': '88' },
  });
  await startInstance(request, {
    processCode: PROC.leave,
    originator: 'zhoujiu',
    approver: 'zhengyi',
    title: leave,
    form: { 请假类型: '年假' },
  });

  await apiSignin(page, 'zhengyi');
  await waitForTask(page, expense);
  await waitForTask(page, leave);
  await page.goto('/inbox/pending');
  await expect(rowOf(page, expense)).toBeVisible();
  await expect(rowOf(page, leave)).toBeVisible();
  await expect(rowOf(page, expense)).toContainText('钉钉');
  await expect(page.getByTestId('menu-pending-count')).toContainText(/\d/);

  // Search in Chinese: 报销 finds the expense (its title and its process name), not the leave request.
  await page.getByLabel(/搜索标题/).fill('报销');
  await page.getByLabel(/搜索标题/).press('Enter');
  await expect(page).toHaveURL(/q=%E6%8A%A5%E9%94%80/);
  await expect(rowOf(page, expense)).toBeVisible();
  await expect(rowOf(page, leave)).toHaveCount(0);

  // A filter that matches nothing empties the list; clearing brings everything back.
  await clickStable(page.getByLabel('来源'));
  await clickStable(
    page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '宜搭' }),
  );
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/source=yida/);
  await expect(rowOf(page, expense)).toHaveCount(0);
  await clickStable(page.getByRole('button', { name: /清除筛选/ }));
  await expect(rowOf(page, leave)).toBeVisible();

  // Save 报销 as the default view; it survives signing out and in, and applies on its own.
  await page.getByLabel(/搜索标题/).fill('报销');
  await page.getByLabel(/搜索标题/).press('Enter');
  await expect(rowOf(page, leave)).toHaveCount(0);
  const dialog = await openDialog(page, page.getByRole('button', { name: '保存当前视图' }));
  await dialog.getByLabel('视图名称').fill('我的报销');
  await clickStable(dialog.getByText('设为默认视图'));
  await clickStable(dialog.getByRole('button', { name: /OK|确\s*定/ }));
  await expect(page.getByTestId('saved-views')).toContainText('我的报销');
  await expect(dialog).toBeHidden();

  await switchUser(page, 'zhengyi');
  await page.goto('/inbox/pending');
  await expect(page).toHaveURL(/q=%E6%8A%A5%E9%94%80/);
  await expect(page.getByTestId('saved-views')).toContainText('我的报销');
  await expect(rowOf(page, expense)).toBeVisible();
  await expect(rowOf(page, leave)).toHaveCount(0);

  // Back to 全部; a task created in DingTalk now appears without a reload.
  await clickStable(page.getByTestId('saved-views').getByText('全部'));
  await expect(rowOf(page, leave)).toBeVisible();
  const late = `郑一新到采购-${run}`;
  await startInstance(request, {
    processCode: PROC.purchase,
    originator: 'zhoujiu',
    approver: 'zhengyi',
    title: late,
    form: { 采购事由: '补充耗材' },
  });
  // Once the API has it, the list shows it by its own polling (every 5 s): no reload here.
  await waitForTask(page, late);
  await expect(rowOf(page, late)).toBeVisible();
});

test('task detail: form, image preview, refuse needs a remark, then the task moves to 我已处理', async ({
  page,
  request,
}) => {
  const title = `周九待审报销-${Date.now().toString(36)}`;
  await startInstance(request, {
    processCode: PROC.expense,
    originator: 'zhengyi',
    approver: 'zhoujiu',
    title,
    form: { 报销事由: '展会物料', '报销金额（元）': '1234.5' },
    files: [{ fileName: '现场照片.png', fileType: 'png', base64: PNG }],
  });
  await apiSignin(page, 'zhoujiu');
  const task = await waitForTask(page, title);
  // The worker copies the photo out of DingTalk storage after the task exists: preview needs the bytes, and
  // the instance page does not poll for them.
  await waitForInstance(page, task.instanceId, 'the photo copied into Huiban storage', (i) =>
    i.attachments.some((a) => a.fileName === '现场照片.png' && a.isAvailable),
  );
  await page.goto('/inbox/pending');
  await clickStable(rowOf(page, title).getByRole('link', { name: title }));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  expect(instanceIdOf(page)).toBe(task.instanceId);
  await expect(page.getByTestId('form-values')).toContainText('¥ 1,234.50');

  const photo = page.getByTestId('attachment').filter({ hasText: '现场照片.png' }).first();
  await clickStable(photo.getByRole('button', { name: /预览/ }));
  const image = page.getByTestId('attachment-preview');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  await page.keyboard.press('Escape');
  await expect(image).toBeHidden();
  await settle(page);

  const refuse = await submitAction(page, /^拒\s*绝$/);
  await expect(page.getByTestId('action-problem')).toHaveText('拒绝时必须填写意见');
  await refuse.getByRole('textbox').fill('金额与票据不符');
  await clickStable(refuse.getByRole('button', { name: /提\s*交/ }));
  await waitForWriteBack(page);
  await expect(page.getByTestId('my-actions')).toContainText('已同步');

  await waitForTask(page, title, { view: 'done' });
  await clickStable(page.getByRole('menuitem', { name: /我已处理/ }));
  await expect(rowOf(page, title)).toBeVisible();
  await expect(rowOf(page, title)).toContainText('拒绝');
});

test('batch approve: an admin allows it for a process; three tasks agreed, the one the source refuses stays selected', async ({
  page,
  request,
  browser,
}) => {
  const run = Date.now().toString(36);
  const titles = [1, 2, 3].map((n) => `孙八批量采购${n}-${run}`);
  const ids: string[] = [];
  for (const title of titles) {
    ids.push(
      await startInstance(request, {
        processCode: PROC.purchase,
        originator: 'zhoujiu',
        approver: 'sunba',
        title,
        form: { 采购事由: '活动物料' },
      }),
    );
  }

  // The admin turns on batch approve for 采购.
  const admin = await browser.newPage();
  await apiSignin(admin, 'wangmin');
  await admin.goto('/admin/processes');
  const purchase = admin.locator('.ant-table-tbody tr.ant-table-row', { hasText: PROC.purchase });
  const toggle = purchase.getByRole('switch', { name: /允许批量同意/ });
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await clickStable(toggle);
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await admin.close();

  await apiSignin(page, 'sunba');
  // Ingested, and batch-approvable (the list shows checkboxes only for those).
  for (const title of titles) {
    await waitForState(() => findTasks(page, title), {
      what: `${title} in 待我处理, batch-approvable`,
      until: (rows) => rows.some((r) => r.isBatchApprovable),
    });
  }
  await page.goto('/inbox/pending');
  for (const title of titles) await expect(rowOf(page, title)).toBeVisible();
  // The source loses the third instance (deleted in DingTalk without an event): agreeing it must fail there.
  const gone = await request.delete(`${SANDBOX_URL}/__control/instances/${ids[2]}`);
  expect(gone.ok()).toBe(true);

  // Each check brings in (or grows) the selection bar above the table, which moves the rows under the pointer.
  for (const title of titles) await checkStable(rowOf(page, title).getByRole('checkbox'));
  await expect(page.getByText('已选 3 项')).toBeVisible();
  const dialog = await openDialog(page, page.getByRole('button', { name: '批量同意' }));
  for (const title of titles) await expect(dialog).toContainText(title);
  await clickStable(dialog.getByRole('button', { name: /确认同意/ }));
  // The two agreed tasks are written back by the worker and leave 待我处理 (the third fails at the source).
  for (const title of titles.slice(0, 2)) await waitForTaskGone(page, title);
  // The modal follows the write-backs itself (every second, for up to 60 s).
  await expect(dialog).toContainText('完成：2 项成功，1 项失败', { timeout: scaled(BUDGET.writeBack * 2) });
  await clickStable(dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }));
  await expect(dialog).toBeHidden();

  // The failure stays selected with its reason; the two approved left 待我处理.
  await expect(page.getByText('已选 1 项')).toBeVisible();
  await expect(rowOf(page, titles[2]!)).toBeVisible();
  await expect(rowOf(page, titles[2]!).getByRole('checkbox')).toBeChecked();
  await expect(rowOf(page, titles[0]!)).toHaveCount(0);
  await expect(rowOf(page, titles[1]!)).toHaveCount(0);
});
