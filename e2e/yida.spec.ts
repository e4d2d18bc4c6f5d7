import { expect, test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';

const SANDBOX_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? '4110'}`;
const DEMO_YIDA_APP_TYPE = 'APP_DEMOYIDA0000000001';

test('a Yida task started in the sandbox reaches the approver’s 待我处理 through the push URLs, shown as 宜搭', async ({
  page,
  playwright,
}) => {
  // 张三 asks for a car in the demo org's Yida app; 孙八 is one of the 部门主管 (或签) approvers.
  const title = `e2e 宜搭用车 ${Date.now()}`;
  const sandbox = await playwright.request.newContext({ baseURL: SANDBOX_URL });
  const started = await sandbox.post('/__control/yida/instances', {
    data: {
      appType: DEMO_YIDA_APP_TYPE,
      originatorId: 'zhangsan',
      title,
      data: { textField_destination: '虹桥火车站', numberField_passengers: 3 },
    },
  });
  expect(started.status()).toBe(201);
  await sandbox.dispose();

  await apiSignin(page, 'sunba');
  await page.goto('/inbox/pending');
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: title });
  // The push is stored, the worker re-reads the instance from the Yida OpenAPI and writes the task.
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText('宜搭');
  await expect(row).toContainText('目的地: 虹桥火车站');

  await row.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('instance-source')).toHaveText('宜搭');
  await expect(page.getByRole('link', { name: /在宜搭中打开/ })).toHaveAttribute(
    'href',
    new RegExp(`^https://www\\.aliwork\\.com/${DEMO_YIDA_APP_TYPE}/processDetail\\?procInsId=`),
  );
  await page.screenshot({ path: '/tmp/yida-instance.png', fullPage: true });
});

test('the admin page of the demo Yida connector shows the five push URLs with copy buttons', async ({
  page,
}) => {
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/connectors');
  await page.getByRole('link', { name: '汇办演示科技 · 宜搭' }).click();
  await expect(page).toHaveURL(/\/admin\/connectors\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  for (const action of ['create', 'complete', 'cancel', 'delete', 'cc']) {
    const url = page.getByTestId(`push-url-${action}`);
    await expect(url).toContainText(`/api/callbacks/yida/${id}/${action}`);
    await expect(url.getByRole('button', { name: /copy|复制/i })).toBeVisible();
  }
  await page.getByRole('button', { name: /测试连接/ }).click();
  await expect(page.getByTestId('test-result')).toContainText('连接成功');
  await page.screenshot({ path: '/tmp/yida-admin.png', fullPage: true });
});
