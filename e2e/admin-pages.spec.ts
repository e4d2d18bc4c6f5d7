import { expect, type Route, test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { startDingTalkInstance } from './fixtures/sandbox';
import { BUDGET, scaled } from './fixtures/time';
import { waitForState } from './fixtures/wait';

type ConnectorRow = { id: string; kind: string; name: string };

test.use({ viewport: { width: 1400, height: 900 } });

// The connector page showed 最近事件 "—" while events kept arriving.
test("the connector page shows the time of the connector's last event", async ({ page }) => {
  await apiSignin(page, demoAdmin.username);
  const { connectors } = (await (await page.request.get('/api/admin/connectors')).json()) as {
    connectors: ConnectorRow[];
  };
  const dingtalk = connectors.find((c) => c.kind === 'dingtalk')!;
  await startDingTalkInstance(page.request, {
    processCode: 'PROC-DEMO-PURCHASE',
    originator: 'chener',
    approver: 'qianqi',
    title: `最近事件测试-${Date.now().toString(36)}`,
  });
  await waitForState(
    async () =>
      (
        (await (await page.request.get(`/api/admin/connectors/${dingtalk.id}`)).json()) as {
          health: { lastEventAt?: string };
        }
      ).health.lastEventAt,
    { what: 'the connector’s last event time', budget: BUDGET.ingest },
  );
  await page.goto(`/admin/connectors/${dingtalk.id}`);
  await expect(page.getByTestId('connector-last-event')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});

// The health charts drew an empty frame titled "最大 1 条" until the series arrived, with bare clock times.
test('health charts show a loading state, then axes with units and dates', async ({ page }) => {
  await apiSignin(page, demoAdmin.username);
  const held: Route[] = [];
  let release = false;
  await page.route('**/api/admin/health/*/series*', async (route) => {
    if (release) await route.continue();
    else held.push(route);
  });
  await page.goto('/admin/health');
  await expect(page.getByTestId('chart-loading').first()).toBeVisible();
  await expect(page.getByText(/最大 \d+/)).toHaveCount(0);
  release = true;
  for (const route of held.splice(0)) await route.continue();
  const chart = page.locator('figure[aria-label="事件量（每 5 分钟）"]').first();
  await expect(chart.locator('svg')).toBeVisible();
  await expect(page.getByTestId('chart-loading')).toHaveCount(0);
  // The value axis names its unit; the time axis carries dates as well as times.
  await expect(chart.locator('svg text', { hasText: '条' })).toHaveCount(1);
  await expect(chart.locator('svg text', { hasText: /^\d{4}-\d{2}-\d{2}/ }).first()).toBeVisible();
});

// 流程设置's switches sat off-screen at 1400 px, the name scrolled away, and a change was saved silently.
test('流程设置: the name column stays, the switches are on screen, and a change is confirmed', async ({
  page,
}) => {
  test.setTimeout(scaled(60_000));
  await apiSignin(page, demoAdmin.username);
  // The demo's processes come from ingested instances: wait for the list before opening the page.
  await waitForState(
    async () => ((await (await page.request.get('/api/admin/processes')).json()) as unknown[]).length,
    { what: 'a process in 流程设置', budget: BUDGET.ingest },
  );
  await page.goto('/admin/processes');
  const row = page.locator('.ant-table-tbody tr.ant-table-row').first();
  // The list aggregates every instance per process: on a loaded machine its answer can take a while.
  await expect(row).toBeVisible({ timeout: scaled(BUDGET.ingest) });
  await expect(row.locator('td').first()).toHaveClass(/ant-table-cell-fix/);
  await expect(row.getByRole('switch').first()).toBeInViewport();
  await expect(row.getByRole('switch').nth(1)).toBeInViewport();

  const category = row.getByLabel(/^分类 /);
  const before = await category.inputValue();
  await category.fill(`e2e-${Date.now().toString(36)}`);
  await category.blur();
  await expect(page.locator('.ant-message').getByText('已保存')).toBeVisible();
  await category.fill(before);
  await category.blur();
  await expect
    .poll(async () => {
      const rows = (await (await page.request.get('/api/admin/processes')).json()) as {
        category: string | null;
      }[];
      return rows.some((r) => r.category?.startsWith('e2e-'));
    })
    .toBe(false);
});

// The audit log listed bare UUIDs and raw JSON, and its CSV gave UTC times.
test('the audit log names its targets, reads its details, and exports times in the company zone', async ({
  page,
}) => {
  await apiSignin(page, demoAdmin.username);
  const name = `审计名称 ${Date.now().toString(36)}`;
  const created = await page.request.post('/api/admin/subscriptions', {
    data: { kind: 'webhook', name, url: 'http://127.0.0.1:9/audit', eventTypes: ['instance.created'] },
  });
  expect(created.status()).toBe(201);
  await page.goto('/admin/audit');
  await page.getByLabel('操作', { exact: true }).fill('subscription.create');
  await page.getByRole('button', { name: /搜\s*索/ }).click();
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: name }).first();
  await expect(row.getByTestId('audit-target-name')).toHaveText(name);
  await expect(row.getByTestId('audit-details')).toContainText(`名称: ${name}`);
  await expect(row).not.toContainText('{"');

  const csv = await (await page.request.get('/api/admin/audit/export?action=subscription.create')).text();
  const line = csv.split('\r\n').find((l) => l.includes(name))!;
  expect(line).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+08:00,/);
  expect(line).toContain(`,${name},`);
});
