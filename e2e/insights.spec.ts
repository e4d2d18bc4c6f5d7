import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { clickStable } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

// docs/insights.md. This spec pushes its own requests through an API connector of its own (process names
// carry the run id), waits for the refresh-analytics job (every minute) to roll them up, then reads 分析.
test.setTimeout(300_000);

const run = Date.now().toString(36);
const PROCESS = `分析报销-${run}`;
const OTHER = `分析采购-${run}`;
const SHOTS = process.env.INSIGHTS_SHOTS_DIR ?? 'test-results';
const email = (u: string) => `${u}@demo.huiban.cn`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** One request pushed by the other system: two steps, the second (财务审批) the slow one. */
function request(id: string, process: string, originator: string, slowHours: number) {
  return {
    externalId: `${run}-${id}`,
    title: `${process} ${id}`,
    processName: process,
    originator: { email: email(originator) },
    status: 'completed',
    result: 'agree',
    createdAt: hoursAgo(30),
    finishedAt: hoursAgo(30 - 1 - slowHours),
    updatedAt: hoursAgo(30 - 1 - slowHours),
    tasks: [
      {
        externalTaskId: `${id}-1`,
        assignee: { email: email('zhangsan') },
        nodeName: '部门审批',
        status: 'done',
        result: 'agree',
        receivedAt: hoursAgo(30),
        finishedAt: hoursAgo(29),
      },
      {
        externalTaskId: `${id}-2`,
        assignee: { email: email('wangwu') },
        nodeName: '财务审批',
        status: 'done',
        result: 'agree',
        receivedAt: hoursAgo(29),
        finishedAt: hoursAgo(29 - slowHours),
      },
    ],
  };
}

async function pushRequests(admin: APIRequestContext) {
  const created = await admin.post('/api/admin/connectors', { data: { kind: 'api', name: `分析-${run}` } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const keyed = await admin.post(`/api/admin/connectors/${id}/api-keys`, { data: { name: 'insights e2e' } });
  expect(keyed.status(), await keyed.text()).toBeLessThan(300);
  const { key } = (await keyed.json()) as { key: string };
  // 报销 from 市场部 (孙八) and 采购 from 采购部 (钱七).
  const bodies = [
    request('a', PROCESS, 'sunba', 5),
    request('b', PROCESS, 'sunba', 20),
    request('c', OTHER, 'qianqi', 2),
  ];
  for (const data of bodies) {
    const pushed = await admin.post('/api/open/v1/instances', {
      headers: { authorization: `Bearer ${key}` },
      data,
    });
    expect(pushed.status(), await pushed.text()).toBe(200);
  }
}

/**
 * Every card of 分析 has its figures and every chart has finished drawing (animations included): the state a
 * screenshot must show (the current filters' figures, not the previous ones kept on screen while loading),
 * awaited as state (aria-busy, skeletons and spinners, the chart's data-rendered), never as time.
 */
async function insightsSettled(page: Page) {
  const root = page.getByTestId('insights-page');
  await expect(root.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(root.locator('.ant-skeleton, .ant-spin-spinning')).toHaveCount(0);
  const charts = root.locator('[data-testid$="-chart"]');
  await expect
    .poll(async () => {
      const drawn = await root.locator('[data-testid$="-chart"][data-rendered="true"]').count();
      return drawn === (await charts.count());
    })
    .toBe(true);
}

test('an admin opens 分析, filters by a process, drills into the slowest step; a granted manager sees only their department', async ({
  page,
  browser,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await apiSignin(page, demoAdmin.username);
  await pushRequests(page.request);
  // The refresh-analytics job runs every minute: wait until the process's figures are there.
  await waitForState(
    async () => {
      const r = await page.request.get(
        `/api/insights/figures/bottlenecks?process=${encodeURIComponent(PROCESS)}`,
      );
      return ((await r.json()) as { data: { steps: unknown[] } }).data.steps.length;
    },
    { what: `the rollups of ${PROCESS}`, until: (n) => n === 2, budget: 150_000 },
  );

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/insights');
  await expect(page.getByTestId('insights-page')).toBeVisible();
  // Filter by the process through the UI: the filter lands in the URL.
  await clickStable(page.getByTestId('insights-filter-process'));
  await page.keyboard.type(PROCESS);
  await clickStable(page.locator('.ant-select-item-option', { hasText: PROCESS }));
  await expect(page).toHaveURL(/process=/);
  const steps = page.getByTestId('insights-steps');
  await expect(steps.getByTestId('insights-steps-chart')).toBeVisible();
  await insightsSettled(page);
  await page.screenshot({ path: `${SHOTS}/insights-admin-1400.png`, fullPage: true });

  // The table view of the bottleneck card: the slowest step first; its count opens the requests behind it.
  await clickStable(steps.getByTestId('insights-steps-view').getByText(/表格/));
  const firstRow = steps.locator('.ant-table-tbody tr.ant-table-row').first();
  await expect(firstRow).toContainText('财务审批');
  await clickStable(firstRow.getByTestId('insights-step-财务审批'));
  const drawer = page.getByTestId('insights-drill-table');
  await expect(drawer).toContainText(`${PROCESS} b`);
  await expect(drawer).toContainText(`${PROCESS} a`);
  await expect(drawer).not.toContainText(OTHER);
  // Slowest first: b waited 20 h, a 5 h.
  await expect(drawer.locator('.ant-table-tbody tr.ant-table-row').first()).toContainText(`${PROCESS} b`);
  await expect(drawer.locator('[aria-busy="true"], .ant-spin-spinning')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/insights-drill-1400.png` });

  // 钱七 (采购部) is granted 采购部 by the admin: a manager/analyst of that department only.
  const users = (await (await page.request.get('/api/users?q=钱七')).json()) as { items: { id: string }[] };
  const granted = await page.request.post('/api/admin/insight-grants', {
    data: { userId: users.items[0]?.id, department: '采购部' },
  });
  expect(granted.status(), await granted.text()).toBe(200);

  const manager = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await apiSignin(manager, 'qianqi');
  const mine = await manager.request.get('/api/insights/requests?metric=started');
  const rows = ((await mine.json()) as { rows: { title: string; department: string }[] }).rows;
  expect(rows.map((r) => r.title)).toContain(`${OTHER} c`);
  expect(rows.every((r) => r.department === '采购部')).toBe(true);
  const foreign = await manager.request.get(
    `/api/insights/figures/volume?department=${encodeURIComponent('市场部')}`,
  );
  expect(foreign.status()).toBe(403);
  await manager.goto('/insights');
  await expect(manager.getByTestId('insights-page')).toContainText('采购部');
  await expect(manager.getByTestId('insights-page')).not.toContainText(PROCESS);
  await expect(manager.getByTestId('insights-volume')).toBeVisible();
  // The manager's cards hold their department's request (not skeletons) before the full-page screenshot.
  await insightsSettled(manager);
  await expect(manager.getByTestId('insights-volume-chart')).toBeVisible();
  await manager.screenshot({ path: `${SHOTS}/insights-manager-390.png`, fullPage: true });
  // A phone is at most as wide as its screen.
  const width = await manager.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await manager.close();
});
