import { test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';

test('screens', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await apiSignin(page, demoAdmin.username);
  const created = await page.request.post('/api/admin/connectors', {
    data: {
      name: '截图 钉钉',
      corpId: 'dingdemocorp0001',
      clientId: 'dingdemoappkey0001',
      clientSecret: 'demo-app-secret-0001',
      deliveryMode: 'http',
      aesKey: 'e2eAesKey0000000000000000000000000000000001',
      callbackToken: 'tok',
      apiBase: 'http://127.0.0.1:4110',
      processCodes: ['PROC-A'],
    },
  });
  const { id } = await created.json();
  await page.goto('/admin/connectors');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/conn-list.png', fullPage: true });
  await page.goto(`/admin/connectors/${id}`);
  await page.getByRole('button', { name: /测试连接/ }).click();
  await page.getByTestId('test-result').waitFor();
  await page.screenshot({ path: '/tmp/conn-detail.png', fullPage: true });
  await page.goto('/admin/connectors/new');
  await page.getByRole('button', { name: /^创\s?建$/ }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/conn-new.png', fullPage: true });
});
