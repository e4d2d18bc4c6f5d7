import { devices, expect, test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { setLocaleCookie } from './fixtures/pages';
import { clickStable } from './fixtures/ui';

// An iPhone 13 viewport (390 px, touch) driven by the config's Chromium, as in phone.spec.ts.
const { defaultBrowserType: _webkit, ...iPhone } = devices['iPhone 13'];
test.use(iPhone);

/**
 * The workflow designer on a phone: its seven tabs do not fit 390 px, so some sit behind the tab bar's "more"
 * menu or off-screen. Tapping any of them must show that tab's content (the 钉钉模板 tab once showed as
 * selected while the form fields stayed below).
 */
test('on a phone the designer switches tabs: 钉钉模板 shows the template content, 表单设计 the fields', async ({
  page,
}) => {
  await apiSignin(page, demoAdmin.username);
  await setLocaleCookie(page.context(), 'zh-CN');
  const key = `phone-tabs-${Date.now().toString(36)}`;
  const created = await page.request.post('/api/admin/workflows', { data: { key, name: '手机切换测试' } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/admin/workflows/${id}`);

  const tabs = page.locator('.ant-tabs').first();
  await expect(page.getByRole('button', { name: '添加字段' })).toBeVisible();
  // Each tab by its name: tapped in the bar when it is there, else chosen from the overflow menu.
  const open = async (name: string) => {
    const tab = tabs.getByRole('tab', { name, exact: true });
    if (await tab.isVisible()) await tab.tap();
    else {
      await clickStable(tabs.locator('.ant-tabs-nav-more'));
      await clickStable(page.locator('.ant-tabs-dropdown-menu-item').filter({ hasText: name }));
    }
    await expect(tabs.locator('.ant-tabs-tab-active')).toContainText(name);
  };

  await open('钉钉模板');
  const template = page.getByRole('tabpanel', { name: '钉钉模板' });
  const templateButton = template.getByRole('button', { name: /在钉钉创建模板|更新钉钉模板/ });
  await expect(templateButton).toBeVisible();
  await expect(template.getByRole('combobox')).toBeVisible();
  await expect(page.getByRole('button', { name: '添加字段' })).toBeHidden();

  await open('表单设计');
  await expect(page.getByRole('button', { name: '添加字段' })).toBeVisible();
  await expect(templateButton).toBeHidden();

  await open('版本历史');
  await open('钉钉模板');
  await expect(templateButton).toBeVisible();
});
