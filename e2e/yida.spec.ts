import { expect, test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { inboxRow, waitForInstance, waitForTask } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { actStable, clickStable } from './fixtures/ui';

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
  // The push is stored, the worker re-reads the instance from the Yida OpenAPI and writes the task. Wait for
  // that through the API (a page reload per try can itself outlast a short timeout on a loaded CI machine).
  await waitForTask(page, title);
  await page.goto('/inbox/pending');
  const row = inboxRow(page, title);
  await expect(row).toBeVisible();
  await expect(row).toContainText('宜搭');
  await expect(row).toContainText('目的地: 虹桥火车站');

  await clickStable(row.getByRole('link', { name: title }));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('instance-source')).toHaveText('宜搭');
  await expect(page.getByRole('link', { name: /在宜搭中打开/ })).toHaveAttribute(
    'href',
    new RegExp(`^https://www\\.aliwork\\.com/${DEMO_YIDA_APP_TYPE}/processDetail\\?procInsId=`),
  );
  await page.screenshot({ path: '/tmp/yida-instance.png', fullPage: true });
});

// A 1×1 PNG: the sandbox stores it as a Yida form file; Huiban copies it through temporaryUrls.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('a Yida task with an image and a date shows the date as a date and the image from Huiban’s copy, with Yida’s labels and process name', async ({
  page,
  playwright,
}) => {
  const title = `e2e 宜搭图片 ${Date.now()}`;
  const sandbox = await playwright.request.newContext({ baseURL: SANDBOX_URL });
  const uploaded = await sandbox.post('/__control/yida/files', {
    data: { appType: DEMO_YIDA_APP_TYPE, name: '接机牌.png', base64: PNG_BASE64, contentType: 'image/png' },
  });
  expect(uploaded.status()).toBe(201);
  const { sha256: _, ...photo } = (await uploaded.json()) as Record<string, unknown>;
  const started = await sandbox.post('/__control/yida/instances', {
    data: {
      appType: DEMO_YIDA_APP_TYPE,
      originatorId: 'zhangsan',
      title,
      data: {
        textField_destination: '虹桥机场',
        // 2026-12-07 00:00 in China: Yida's date-only value.
        dateField_useDate: 1796572800000,
        selectField_carType: 'sedan',
        imageField_photo: JSON.stringify([photo]),
      },
    },
  });
  expect(started.status()).toBe(201);
  await sandbox.dispose();

  await apiSignin(page, 'sunba');
  const task = await waitForTask(page, title);
  // The image is copied by the worker after the instance is written.
  await waitForInstance(page, task.instanceId, 'the Yida image copied', (i) =>
    i.attachments.some((a) => a.fileName === '接机牌.png' && a.isAvailable),
  );
  expect(task.processName).toBe('用车申请');
  await page.goto(`/instances/${task.instanceId}`);
  const form = page.getByTestId('form-values');
  await expect(form.getByRole('row', { name: /用车日期/ })).toContainText('2026-12-07');
  await expect(form).not.toContainText('1796572800000');
  await expect(form.getByRole('row', { name: /车型/ })).toContainText('轿车');
  const image = form.getByTestId('form-image');
  await expect(image).toBeVisible();
  await expect(page.getByText('用车申请').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/yida-image-date.png', fullPage: true });
});

test('the admin page of the demo Yida connector shows the five push URLs with copy buttons', async ({
  page,
}) => {
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/connectors');
  await clickStable(page.getByRole('link', { name: '汇办演示科技 · 宜搭' }));
  await expect(page).toHaveURL(/\/admin\/connectors\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  for (const action of ['create', 'complete', 'cancel', 'delete', 'cc']) {
    const url = page.getByTestId(`push-url-${action}`);
    await expect(url).toContainText(`/api/callbacks/yida/${id}/${action}`);
    await expect(url.getByRole('button', { name: /copy|复制/i })).toBeVisible();
  }
  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('连接成功');
  await page.screenshot({ path: '/tmp/yida-admin.png', fullPage: true });
});

test('an admin creates a Yida connector through the form; secrets stay write-only and 测试连接 checks the systemToken', async ({
  page,
}) => {
  const name = `e2e 宜搭 ${Date.now()}`;
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/connectors');
  await clickStable(page.getByRole('button', { name: /新建宜搭连接器/ }));
  await expect(page).toHaveURL(/\/admin\/connectors\/new\?kind=yida$/);

  await page.getByLabel('名称', { exact: true }).fill(name);
  await page.getByLabel('CorpId').fill('dingdemocorp0001');
  await page.getByLabel(/钉钉应用 Client ID/).fill('dingdemoappkey0001');
  await page.getByLabel(/钉钉应用 Client Secret/).fill('demo-app-secret-0001');
  await page.getByLabel(/宜搭管理员 userId/).fill('wangmin');
  await page.getByLabel(/appType/).fill(DEMO_YIDA_APP_TYPE);
  await page.getByLabel(/formUuid/).fill('FORM-DEMO0CAR0000000000000000000000000001');
  await page.getByLabel(/formUuid/).press('Enter');
  await page.getByLabel(/systemToken/).fill('DEMO-YIDA-SYSTEM-TOKEN-0001');
  await page.getByLabel(/OpenAPI 地址/).fill(SANDBOX_URL);
  await page.getByLabel(/通讯录接口地址/).fill(SANDBOX_URL);
  // Disabled: a second enabled connector on the demo app would reconcile its instances a second time.
  await actStable(page.getByLabel('创建后立即启用'), (t) => t.uncheck({ timeout: scaled(3_000) }));
  await page.screenshot({ path: '/tmp/yida-new.png', fullPage: true });
  await clickStable(page.getByRole('button', { name: /^创\s?建$/ }));

  await expect(page).toHaveURL(/\/admin\/connectors\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('push-url-complete')).toContainText(`/api/callbacks/yida/${id}/complete`);
  await expect(page.getByLabel(/钉钉应用 Client Secret/)).toHaveValue('');
  await expect(page.getByLabel(/systemToken/)).toHaveValue('');
  expect(await page.content()).not.toContain('DEMO-YIDA-SYSTEM-TOKEN-0001');

  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('连接成功');
  await page.getByLabel(/systemToken/).fill('wrong-system-token');
  await clickStable(page.getByRole('button', { name: /^保\s?存$/ }));
  await expect(page.getByText('已保存')).toBeVisible();
  await clickStable(page.getByRole('button', { name: /测试连接/ }));
  await expect(page.getByTestId('test-result')).toContainText('accessKeyNotMatch');
});
