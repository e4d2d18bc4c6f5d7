import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';

// Each test works with its own sandbox approver so the specs can run in parallel with the others.
const SANDBOX_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? '4110'}`;
const CORP = 'dingdemocorp0001';
const PROC = {
  leave: 'PROC-DEMO-LEAVE',
  expense: 'PROC-DEMO-EXPENSE',
  purchase: 'PROC-DEMO-PURCHASE',
};
// A 2×2 PNG, so the in-page preview has real image bytes to render.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

async function startInstance(
  request: APIRequestContext,
  input: {
    processCode: string;
    originator: string;
    approver: string;
    title: string;
    form?: Record<string, string>;
    files?: unknown[];
  },
): Promise<string> {
  const response = await request.post(`${SANDBOX_URL}/__control/instances`, {
    data: {
      corpId: CORP,
      processCode: input.processCode,
      originatorUserId: input.originator,
      approvers: [{ actionType: 'NONE', userIds: [input.approver] }],
      title: input.title,
      form: input.form ?? {},
      files: input.files ?? [],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { processInstanceId: string }).processInstanceId;
}

const rowOf = (page: Page, title: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row', { hasText: title });

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
  await page.goto('/inbox/pending');
  await expect(rowOf(page, expense)).toBeVisible({ timeout: 20_000 });
  await expect(rowOf(page, leave)).toBeVisible({ timeout: 20_000 });
  await expect(rowOf(page, expense)).toContainText('钉钉');
  await expect(page.getByTestId('menu-pending-count')).toContainText(/\d/);

  // Search in Chinese: 报销 finds the expense (its title and its process name), not the leave request.
  await page.getByLabel(/搜索标题/).fill('报销');
  await page.getByLabel(/搜索标题/).press('Enter');
  await expect(page).toHaveURL(/q=%E6%8A%A5%E9%94%80/);
  await expect(rowOf(page, expense)).toBeVisible();
  await expect(rowOf(page, leave)).toHaveCount(0);

  // A filter that matches nothing empties the list; clearing brings everything back.
  await page.getByLabel('来源').click();
  await page.locator('.ant-select-item-option', { hasText: '宜搭' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/source=yida/);
  await expect(rowOf(page, expense)).toHaveCount(0);
  await page.getByRole('button', { name: /清除筛选/ }).click();
  await expect(rowOf(page, leave)).toBeVisible();

  // Save 报销 as the default view; it survives signing out and in, and applies on its own.
  await page.getByLabel(/搜索标题/).fill('报销');
  await page.getByLabel(/搜索标题/).press('Enter');
  await expect(rowOf(page, leave)).toHaveCount(0);
  await page.getByRole('button', { name: '保存当前视图' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('视图名称').fill('我的报销');
  await dialog.getByText('设为默认视图').click();
  await dialog.getByRole('button', { name: /OK|确\s*定/ }).click();
  await expect(page.getByTestId('saved-views')).toContainText('我的报销');

  await page.context().clearCookies();
  await apiSignin(page, 'zhengyi');
  await page.goto('/inbox/pending');
  await expect(page).toHaveURL(/q=%E6%8A%A5%E9%94%80/, { timeout: 10_000 });
  await expect(page.getByTestId('saved-views')).toContainText('我的报销');
  await expect(rowOf(page, expense)).toBeVisible();
  await expect(rowOf(page, leave)).toHaveCount(0);

  // Back to 全部; a task created in DingTalk now appears without a reload.
  await page.getByTestId('saved-views').getByText('全部').click();
  await expect(rowOf(page, leave)).toBeVisible();
  const late = `郑一新到采购-${run}`;
  await startInstance(request, {
    processCode: PROC.purchase,
    originator: 'zhoujiu',
    approver: 'zhengyi',
    title: late,
    form: { 采购事由: '补充耗材' },
  });
  await expect(rowOf(page, late)).toBeVisible({ timeout: 20_000 });
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
  await page.goto('/inbox/pending');
  await rowOf(page, title).getByRole('link', { name: title }).click({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('form-values')).toContainText('¥ 1,234.50');

  const photo = page.getByTestId('attachment').filter({ hasText: '现场照片.png' }).first();
  await expect(photo.getByRole('button', { name: /预览/ })).toBeVisible({ timeout: 20_000 });
  await photo.getByRole('button', { name: /预览/ }).click();
  const image = page.getByTestId('attachment-preview');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^拒\s*绝$/ }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /提\s*交/ })
    .click();
  await expect(page.getByTestId('action-problem')).toHaveText('拒绝时必须填写意见');
  await page.getByRole('dialog').getByRole('textbox').fill('金额与票据不符');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /提\s*交/ })
    .click();
  await expect(page.getByTestId('my-actions')).toContainText('已同步', { timeout: 20_000 });

  await page.getByRole('menuitem', { name: /我已处理/ }).click();
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
  await expect(toggle).toBeVisible({ timeout: 20_000 });
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await admin.close();

  await apiSignin(page, 'sunba');
  await page.goto('/inbox/pending');
  for (const title of titles) await expect(rowOf(page, title)).toBeVisible({ timeout: 20_000 });
  // The source loses the third instance (deleted in DingTalk without an event): agreeing it must fail there.
  const gone = await request.delete(`${SANDBOX_URL}/__control/instances/${ids[2]}`);
  expect(gone.ok()).toBe(true);

  for (const title of titles) await rowOf(page, title).getByRole('checkbox').check();
  await expect(page.getByText('已选 3 项')).toBeVisible();
  await page.getByRole('button', { name: '批量同意' }).click();
  const dialog = page.getByRole('dialog');
  for (const title of titles) await expect(dialog).toContainText(title);
  await dialog.getByRole('button', { name: /确认同意/ }).click();
  await expect(dialog).toContainText('完成：2 项成功，1 项失败', { timeout: 30_000 });
  await dialog
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /关\s*闭/ })
    .click();

  // The failure stays selected with its reason; the two approved left 待我处理.
  await expect(page.getByText('已选 1 项')).toBeVisible();
  await expect(rowOf(page, titles[2]!)).toBeVisible();
  await expect(rowOf(page, titles[2]!).getByRole('checkbox')).toBeChecked();
  await expect(rowOf(page, titles[0]!)).toHaveCount(0);
  await expect(rowOf(page, titles[1]!)).toHaveCount(0);
});
