import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { verifySignature } from '@/lib/crypto/signature';
import type { DeliveryView, SubscriptionView } from '@/lib/distribution/subscription-input';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { startDingTalkInstance } from './fixtures/sandbox';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, openDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Every subscriptions API, as [method, path, body]. */
const APIS = [
  ['GET', '/api/admin/subscriptions', undefined],
  [
    'POST',
    '/api/admin/subscriptions',
    { kind: 'webhook', name: 'x', url: 'https://x.example', eventTypes: ['task.created'] },
  ],
  ['GET', `/api/admin/subscriptions/${SOME_ID}`, undefined],
  ['PATCH', `/api/admin/subscriptions/${SOME_ID}`, { name: 'x' }],
  ['DELETE', `/api/admin/subscriptions/${SOME_ID}`, undefined],
  ['PUT', `/api/admin/subscriptions/${SOME_ID}/enabled`, { enabled: false }],
  ['POST', `/api/admin/subscriptions/${SOME_ID}/secret`, undefined],
  ['GET', `/api/admin/subscriptions/${SOME_ID}/deliveries`, undefined],
  ['POST', `/api/admin/subscriptions/${SOME_ID}/deliveries/${SOME_ID}/redeliver`, undefined],
] as const;

type Received = { headers: IncomingHttpHeaders; body: string };
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** `/down` answers 500 while this is set. */
let isDown = true;

/** What the receiver got that mentions `text`, once it got `count` of them (the worker delivers). */
function waitForReceived(text: string, count = 1) {
  return waitForState(async () => received.filter((r) => r.body.includes(text)), {
    what: `${count} deliveries mentioning ${text} at the receiver`,
    until: (found) => found.length >= count,
  });
}

/** Polls a subscription's delivery log through the API until one delivery matches (the worker writes it). */
function waitForDelivery(
  page: Page,
  subscriptionId: string,
  what: string,
  until: (d: DeliveryView) => boolean,
) {
  return waitForState(
    async () => {
      const response = await page.request.get(`/api/admin/subscriptions/${subscriptionId}/deliveries`);
      return ((await response.json()) as { items: DeliveryView[] }).items.find(until);
    },
    { what, budget: BUDGET.writeBack },
  );
}

test.beforeAll(async () => {
  // The subscriber: a tiny HTTP server on a free port, answering 200 to every POST.
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(req.url === '/down' && isDown ? 500 : 200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/huiban`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

test('the subscriptions APIs answer 401 without a session and 403 for an employee', async ({ page }) => {
  for (const [method, path, body] of APIS) {
    const response = await page.request.fetch(path, { method, ...(body ? { data: body } : {}) });
    expect(response.status(), `${method} ${path}`).toBe(401);
  }
  await apiSignin(page, demoEmployee.username);
  for (const [method, path, body] of APIS) {
    const response = await page.request.fetch(path, { method, ...(body ? { data: body } : {}) });
    expect(response.status(), `${method} ${path}`).toBe(403);
  }
  expect((await page.goto('/admin/subscriptions'))?.status()).toBe(403);
});

test('an admin adds a webhook subscription, a task change arrives signed, and the delivery shows in its log', async ({
  page,
  request,
}) => {
  test.setTimeout(scaled(90_000));
  const run = Date.now().toString(36);
  const name = `ERP 归档 ${run}`;
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/subscriptions');
  await expect(page.getByRole('heading', { name: '事件订阅' })).toBeVisible();
  const dialog = await openDialog(page, page.getByRole('button', { name: '新建订阅' }), '新建订阅');
  await dialog.getByLabel('名称').fill(name);
  await dialog.getByLabel('目标地址').fill(receiverUrl);
  // Defaults: 新待办, 待办已处理, 审批结束. Only this run's process, so other specs' changes stay out.
  await dialog.getByLabel('流程编码').fill('PROC-DEMO-EXPENSE');
  await dialog.getByLabel('流程编码').press('Enter');
  await page.screenshot({ path: 'test-results/subscriptions-new.png', fullPage: true });
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/admin/subscriptions') && r.request().method() === 'POST',
  );
  await clickStable(dialog.getByRole('button', { name: /保\s?存/ }));
  expect((await created).status()).toBe(201);

  // The secret is shown once, in a dialog; the admin copies it (here: reads it) and closes.
  await expect(page.getByTestId('subscription-secret')).toHaveText(/whsec_/);
  const secret = ((await page.getByTestId('subscription-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^whsec_/);
  await clickStable(page.getByRole('button', { name: /知道了|OK/ }));
  await expect(page).toHaveURL(/\/admin\/subscriptions\/[0-9a-f-]{36}$/);
  const subscriptionId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  // A task change: an expense waiting for 王五, started in the sandbox; the worker ingests it over Stream.
  const title = `订阅测试报销-${run}`;
  const processInstanceId = await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'zhengyi',
    approver: 'wangwu',
    title,
    form: { 报销事由: '订阅测试' },
  });

  // The receiver gets task.created for it, signed with the secret it was shown.
  const [first] = await waitForReceived(processInstanceId);
  const envelope = JSON.parse(first?.body ?? '{}');
  expect(envelope).toMatchObject({
    type: 'task.created',
    data: { instance: { externalId: processInstanceId } },
  });
  expect(
    verifySignature(secret, first?.body ?? '', String(first?.headers['x-huiban-signature']), {
      timestamp: String(first?.headers['x-huiban-timestamp']),
    }),
  ).toBe(true);

  // The log shows it: event, 成功, HTTP 200, one attempt (the page polls the log every 3 s).
  // Other specs' tasks reach this subscription too (it takes every task.created): follow this event's delivery,
  // by the id the receiver saw, not the newest task.created row.
  const deliveryId = String(first?.headers['x-huiban-delivery']);
  await waitForDelivery(
    page,
    subscriptionId,
    'the task.created delivery recorded as delivered',
    (d) => d.id === deliveryId && d.eventType === 'task.created' && d.status === 'delivered',
  );
  const log = page.getByTestId('delivery-log');
  const row = log.locator(`tr.ant-table-row[data-row-key="${deliveryId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('成功');
  await expect(row).toContainText('200');
  await page.screenshot({ path: 'test-results/subscriptions-log.png', fullPage: true });

  // 重新投递: the same event (same id) is sent again.
  const before = received.filter((r) => r.body.includes(envelope.id)).length;
  await clickStable(row.getByRole('button', { name: '重新投递' }));
  await expect(page.getByText('已重新加入投递队列')).toBeVisible();
  await waitForReceived(envelope.id, before + 1);
  expect(received.filter((r) => r.body.includes(envelope.id))).toHaveLength(before + 1);
  await waitForDelivery(
    page,
    subscriptionId,
    'the redelivery counted as a second attempt',
    (d) => d.eventId === envelope.id && d.attempts === 2 && d.status === 'delivered',
  );
  await expect(row).toContainText('2');

  // No answer about this subscription carries the secret.
  const list = await page.request.get('/api/admin/subscriptions');
  expect(await list.text()).not.toContain(secret);
});

test('a subscription whose receiver keeps failing is auto-paused with a notice; resume sends the held delivery', async ({
  page,
  request,
}) => {
  test.setTimeout(scaled(90_000));
  const run = Date.now().toString(36);
  await apiSignin(page, demoAdmin.username);
  // Pause after the first failed attempt (the defaults are 10 over an hour), for one process only.
  const created = await page.request.post('/api/admin/subscriptions', {
    data: {
      kind: 'webhook',
      name: `会失败的接收方 ${run}`,
      url: receiverUrl.replace('/hooks/huiban', '/down'),
      eventTypes: ['instance.created'],
      processCodes: ['PROC-DEMO-PURCHASE'],
      autoPauseFailures: 1,
      autoPauseMinutes: 0,
    },
  });
  expect(created.status()).toBe(201);
  const { subscription } = (await created.json()) as { subscription: { id: string } };
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-PURCHASE',
    originator: 'qianqi',
    approver: 'chener',
    title: `自动暂停测试采购-${run}`,
  });

  // The worker's first failed attempt pauses the subscription.
  await waitForState(
    async () =>
      (await (
        await page.request.get(`/api/admin/subscriptions/${subscription.id}`)
      ).json()) as SubscriptionView,
    { what: 'the subscription auto-paused', until: (s) => s.pausedReason === 'auto' },
  );
  await waitForDelivery(
    page,
    subscription.id,
    'the failed delivery (HTTP 500)',
    (d) => d.responseStatus === 500,
  );
  await page.goto(`/admin/subscriptions/${subscription.id}`);
  const notice = page.getByTestId('auto-pause-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('此订阅已自动暂停');
  await expect(page.getByText('已自动暂停').first()).toBeVisible();
  const row = page.getByTestId('delivery-log').locator('tr.ant-table-row').first();
  await expect(row).toContainText('500');
  await page.screenshot({ path: 'test-results/subscriptions-auto-paused.png', fullPage: true });

  // The receiver is fixed; 恢复 sends the held delivery.
  isDown = false;
  await clickStable(notice.getByRole('button', { name: /恢\s?复/ }));
  await expect(notice).toHaveCount(0);
  await waitForDelivery(
    page,
    subscription.id,
    'the held delivery sent (HTTP 200)',
    (d) => d.status === 'delivered',
  );
  await expect(row).toContainText('成功');
  await expect(row).toContainText('200');

  await page.goto('/admin/subscriptions');
  await expect(page.getByRole('link', { name: `会失败的接收方 ${run}` })).toBeVisible();
  await page.screenshot({ path: 'test-results/subscriptions-list.png', fullPage: true });
});

// 新建订阅 threw an uncaught promise rejection each time its rules failed.
test('saving an incomplete new subscription shows the rules, with no uncaught error', async ({ page }) => {
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') uncaught.push(message.text());
  });
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/subscriptions');
  const dialog = await openDialog(page, page.getByRole('button', { name: '新建订阅' }), '新建订阅');
  for (let i = 0; i < 2; i++) {
    await clickStable(dialog.getByRole('button', { name: /保\s?存/ }));
    await expect(dialog.locator('.ant-form-item-explain-error').first()).toBeVisible();
  }
  await expect(dialog).toBeVisible();
  expect(uncaught).toEqual([]);
});
