import { devices, expect, type Page, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { startDingTalkInstance } from './fixtures/sandbox';
import { waitForTask, waitForTaskGone } from './fixtures/tasks';
import { clickStable, stableDialog } from './fixtures/ui';

// An iPhone 13 (390 × 664 CSS px, touch, mobile user agent) driven by the config's Chromium: the device's
// default browser (WebKit) is not installed here, and a describe cannot switch browsers anyway.
const { defaultBrowserType: _webkit, ...iPhone } = devices['iPhone 13'];
test.use(iPhone);

/** Nothing on the page is wider than the screen: no sideways scrolling, no clipped columns. */
async function expectNoSidewaysScroll(page: Page) {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test('on a phone: the four lists as cards from the tab bar, filters in a sheet, a card opened and agreed from the sticky bar', async ({
  page,
  request,
}) => {
  const title = `手机审批-${Date.now().toString(36)}`;
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'lisi',
    approver: 'zhangsan',
    title,
    form: { 报销事由: '客户拜访打车', '报销金额（元）': '48' },
  });
  await apiSignin(page, 'zhangsan');
  await waitForTask(page, title);

  await page.goto('/inbox/pending');
  // No side menu and no zero-width trigger tab: a bottom tab bar instead.
  await expect(page.locator('.ant-layout-sider')).toBeHidden();
  await expect(page.locator('.ant-layout-sider-zero-width-trigger')).toHaveCount(0);
  const tabs = page.getByTestId('mobile-tab-bar');
  await expect(tabs).toBeVisible();
  // The card shows what the table's off-screen columns used to: source, originator, status, time.
  const card = page.getByTestId('inbox-card').filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText('钉钉');
  await expect(card).toContainText('李四');
  await expect(card).toContainText('待处理');
  await expect(card).toContainText(/前|刚刚/);
  await expect(page.getByTestId('inbox-table')).toBeHidden();
  await expectNoSidewaysScroll(page);

  for (const [name, path] of [
    ['我已处理', '/inbox/done'],
    ['我发起的', '/inbox/initiated'],
    ['抄送我的', '/inbox/cc'],
    ['待我处理', '/inbox/pending'],
  ] as const) {
    await clickStable(tabs.getByRole('link', { name }));
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect(tabs.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await expectNoSidewaysScroll(page);
  }
  await expect(tabs.getByRole('link', { name: '发起申请' })).toHaveAttribute('href', '/apply');

  // Filters live in a bottom sheet, with the saved views.
  await clickStable(page.getByTestId('filter-sheet-button'));
  const sheet = await stableDialog(page, '筛选');
  await expect(sheet.getByTestId('saved-views')).toBeVisible();
  await expect(sheet.getByLabel('来源')).toBeVisible();
  const sheetBox = (await sheet.boundingBox())!;
  expect(Math.round(sheetBox.y + sheetBox.height)).toBe(page.viewportSize()!.height);
  await clickStable(sheet.getByRole('button', { name: /完\s*成/ }));
  await expect(sheet).toBeHidden();

  // The card opens the detail; its actions sit in a bar at the bottom of the screen.
  await clickStable(page.getByTestId('inbox-card').filter({ hasText: title }));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const bar = page.getByTestId('sticky-action-bar');
  await expect(bar).toBeVisible();
  const barBox = (await bar.boundingBox())!;
  expect(Math.round(barBox.y + barBox.height)).toBe(page.viewportSize()!.height);
  await expectNoSidewaysScroll(page);

  await clickStable(bar.getByRole('button', { name: /^同\s*意$/ }));
  const dialog = await stableDialog(page);
  // The dialog is a bottom sheet: full width, at the bottom edge.
  const dialogBox = (await dialog.boundingBox())!;
  expect(Math.round(dialogBox.width)).toBe(page.viewportSize()!.width);
  expect(Math.round(dialogBox.y + dialogBox.height)).toBe(page.viewportSize()!.height);
  await dialog.getByRole('textbox').fill('手机上同意');
  await clickStable(dialog.getByRole('button', { name: /提\s*交/ }));
  await expect(page.getByTestId('my-actions')).toContainText('同意');

  await waitForTaskGone(page, title);
  await waitForTask(page, title, { view: 'done' });
  await page.goto('/inbox/done');
  await expect(page.getByTestId('inbox-card').filter({ hasText: title })).toBeVisible();
});

test('on a phone, the admin pages are reachable from the header menu', async ({ page }) => {
  await apiSignin(page, 'wangmin');
  await page.goto('/inbox/pending');
  await clickStable(page.getByTestId('nav-menu-button'));
  const drawer = await stableDialog(page);
  await clickStable(drawer.getByRole('menuitem', { name: /连接器/ }));
  await expect(page).toHaveURL(/\/admin\/connectors$/);
  await expect(drawer).toBeHidden();
});
