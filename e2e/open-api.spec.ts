import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { inboxRow, submitAction, waitForTask, waitForWriteBack } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable, openDialog } from './fixtures/ui';

/** The other system's callback endpoint: a real HTTP server on loopback that records what it receives. */
async function startReceiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

test('an admin creates an API connector and key (shown once); a task pushed with it reaches the employee’s 待我处理', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(scaled(120_000));
  const stamp = Date.now().toString(36);
  await apiSignin(page, demoAdmin.username);

  // Create an open-API connector through the admin page.
  await page.goto('/admin/connectors/new');
  await clickStable(page.getByText('开放 API', { exact: true }));
  await expect(page).toHaveURL(/\/admin\/connectors\/new\?kind=api$/);
  await page.getByLabel('名称').fill(`ERP ${stamp}`);
  await clickStable(page.getByRole('button', { name: /^创\s?建$/ }));
  await page.waitForURL(/\/admin\/connectors\/[0-9a-f-]{36}$/);
  const connectorPath = new URL(page.url()).pathname;

  // A new key is shown once, then only its prefix.
  const dialog = await openDialog(page, page.getByRole('button', { name: /新建密钥/ }));
  await dialog.getByLabel('名称').fill('生产环境');
  await clickStable(dialog.getByRole('button', { name: /^创\s?建$/ }));
  const key = ((await dialog.getByTestId('new-api-key').textContent()) ?? '').trim();
  expect(key).toMatch(/^hbk_[A-Za-z0-9_-]{40}$/);
  await expect(dialog).toContainText('只显示这一次');
  await clickStable(dialog.getByRole('button', { name: '我已保存' }));
  await expect(dialog).toBeHidden();
  const keys = page.getByTestId('api-keys');
  await expect(keys).toContainText('生产环境');
  await expect(keys).toContainText(key.slice(0, 12));
  await expect(keys).toContainText('从未使用');
  await page.reload();
  await expect(page.getByTestId('api-keys')).toContainText('生产环境');
  expect(await page.content()).not.toContain(key);

  // The callback URL; its signing secret is shown once.
  const receiver = await startReceiver();
  await page.getByLabel('回调地址').fill(receiver.url);
  await clickStable(page.getByRole('button', { name: '保存回调地址' }));
  const secret = ((await page.getByTestId('callback-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^whsec_/);

  // The other system pushes a task for the demo employee, by email, with the key.
  const title = `ERP 采购单 ${stamp}`;
  const pushed = await page.request.post('/api/open/v1/instances', {
    headers: { authorization: `Bearer ${key}` },
    data: {
      externalId: `PO-${stamp}`,
      title,
      originator: { email: demoAdmin.email },
      summary: '服务器 2 台 · ¥ 56,000',
      pcUrl: `https://erp.example.com/po/${stamp}`,
      updatedAt: new Date().toISOString(),
      tasks: [
        { externalTaskId: `PO-${stamp}-1`, assignee: { email: demoEmployee.email }, nodeName: '部门审批' },
      ],
    },
  });
  expect(pushed.status()).toBe(200);
  expect(await pushed.json()).toMatchObject({ ok: true, outcome: 'created' });
  const wrongKey = await page.request.post('/api/open/v1/instances', {
    headers: { authorization: 'Bearer hbk_wrong' },
    data: {},
  });
  expect(wrongKey.status()).toBe(401);

  // The employee sees it in 待我处理, with its source.
  const employee = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const employeePage = await employee.newPage();
  await apiSignin(employeePage, demoEmployee.username);
  await waitForTask(employeePage, title);
  await employeePage.goto('/inbox/pending');
  const row = inboxRow(employeePage, title);
  await expect(row).toBeVisible();
  await expect(row).toContainText('开放接口');
  await employeePage.screenshot({ path: '/tmp/open-api-inbox.png', fullPage: true });

  // Agreeing in Huiban notifies the other system with a signed callback; its 2xx confirms the action.
  await clickStable(row.getByRole('link', { name: title }));
  await submitAction(employeePage, /^同\s*意$/, '同意采购');
  await waitForWriteBack(employeePage);
  await expect(employeePage.getByTestId('my-actions')).toContainText('已同步');
  expect(receiver.received).toHaveLength(1);
  const [callback] = receiver.received;
  const signature = `sha256=${createHmac('sha256', secret).update(callback!.body).digest('hex')}`;
  expect(callback!.headers['x-huiban-signature']).toBe(signature);
  expect(JSON.parse(callback!.body)).toMatchObject({
    action: 'agree',
    instanceExternalId: `PO-${stamp}`,
    externalTaskId: `PO-${stamp}-1`,
    actor: { email: demoEmployee.email },
    remark: '同意采购',
  });
  await employee.close();
  await receiver.close();

  // The admin page now shows when the key was last used, and the delivery.
  await page.goto(connectorPath);
  await expect(page.getByTestId('api-keys')).not.toContainText('从未使用');
  await expect(page.getByTestId('callback-deliveries')).toContainText('已送达');
  await page.screenshot({ path: '/tmp/open-api-admin.png', fullPage: true });
});

test('the docs page renders the OpenAPI document', async ({ page }) => {
  await apiSignin(page, demoEmployee.username);
  const doc = await (await page.request.get('/api/open/v1/openapi.json')).json();
  expect(doc.paths['/batch']).toBeDefined();
  await page.goto('/docs/api');
  const operations = page.getByTestId('api-operations');
  await expect(operations).toContainText('/instances/{externalId}/tasks/{externalTaskId}/complete');
  await clickStable(operations.getByText('/instances', { exact: true }));
  await expect(page.getByText('InstanceUpsert').first()).toBeVisible();
  await expect(page.getByText('PO-2026-0042').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/open-api-docs.png', fullPage: true });
});
