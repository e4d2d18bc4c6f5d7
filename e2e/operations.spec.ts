import { type APIRequestContext, expect, test } from '@playwright/test';
import { DEMO_DINGTALK_APP } from '@/db/seed-data';
import type { OperationView } from '@/lib/operations/admin-operations';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, openDialog, settle } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

/** Admin task rows matching a search (and a status), through the API the 全部任务 page uses. */
function waitForAdminTasks(
  request: APIRequestContext,
  query: string,
  what: string,
  until: (n: number) => boolean,
) {
  return waitForState(
    async () => ((await (await request.get(`/api/admin/tasks?${query}`)).json()) as { total: number }).total,
    { what, until },
  );
}

test('an admin replays a dead letter and watches the progress to done; the event log search works', async ({
  page,
}) => {
  test.setTimeout(scaled(120_000));
  // The org's API quota runs out: the next instance's events cannot be fetched and die (a refusal, no retry).
  const fault = await page.request.post(`${SANDBOX_URL}/__control/faults/calls`, {
    data: { kind: 'quota', count: 3, api: 'processInstances', clientId: DEMO_DINGTALK_APP.clientId },
  });
  expect(fault.status()).toBe(201);
  const instanceId = await startDingTalkInstance(page.request, {
    processCode: 'PROC-DEMO-PURCHASE',
    originator: 'chener',
    approver: 'qianqi',
    title: '陈二提交的采购（死信重放）',
  });

  await apiSignin(page, demoAdmin.username);
  // Wait until the instance's events have all died (none left waiting or retrying).
  const count = async (status: string) => {
    const r = await page.request.get(`/api/admin/events?instanceId=${instanceId}&status=${status}`);
    return ((await r.json()) as { total: number }).total;
  };
  const [deadCount] = await waitForState(
    async () => [await count('dead'), await count('received'), await count('processing')],
    {
      what: 'the instance’s events all dead',
      until: ([dead, received, processing]) => dead! > 0 && !received && !processing,
    },
  );
  // Clear whatever is left of the injected faults so the replay meets a healthy source.
  await page.request.delete(`${SANDBOX_URL}/__control/faults`);

  // From 同步健康's dead-letter link: the event log filtered to dead letters; narrow to the instance.
  await page.goto('/admin/events?status=dead');
  await expect(page.getByRole('heading', { name: '事件日志' })).toBeVisible();
  await page.getByLabel('实例 ID').fill(instanceId);
  await clickStable(page.getByRole('button', { name: /搜\s*索/ }));
  const rows = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: instanceId });
  await expect(rows).toHaveCount(deadCount!);
  await expect(rows.first()).toContainText('死信');
  await expect(rows.first()).toContainText('ApiCountLimitForOrg');

  // The detail drawer: the payload and what it produced (nothing yet).
  const drawer = await openDialog(page, rows.first(), '事件详情');
  await expect(drawer.getByTestId('event-payload')).toContainText(instanceId);
  await expect(drawer.getByText('尚未产生实例')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await settle(page);

  // Replay the filtered dead letters and watch the progress bar reach done.
  await clickStable(page.getByRole('button', { name: /重放筛选结果/ }));
  const confirm = page.getByRole('dialog').filter({ hasText: `重放筛选出的 ${deadCount} 条事件` });
  await expect(confirm).toBeVisible();
  await settle(page);
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/admin/operations') && r.request().method() === 'POST',
  );
  await clickStable(confirm.getByRole('button', { name: /重\s*放/ }));
  const operation = (await (await answered).json()) as OperationView;
  // The worker runs the replay; the progress bar polls it every second until it ends.
  await waitForState(
    async () =>
      (await (await page.request.get(`/api/admin/operations/${operation.id}`)).json()) as OperationView,
    {
      what: 'the replay operation done',
      until: (o) => o.status === 'done' || o.status === 'failed',
      budget: BUDGET.writeBack,
    },
  );
  const progress = page.getByTestId('operation-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByTestId('operation-status')).toHaveText('已完成');
  await expect(progress).toContainText(`${deadCount} / ${deadCount}`);
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await page.screenshot({ path: 'test-results/ops-replay.png', fullPage: true });

  // The whole log for the instance: processed now, and the drawer shows the instance it produced.
  await waitForState(() => count('processed'), {
    what: 'the replayed events processed',
    until: (n) => n > 0,
  });
  await page.goto('/admin/events');
  await page.getByLabel('实例 ID').fill(instanceId);
  await clickStable(page.getByRole('button', { name: /搜\s*索/ }));
  await expect(rows.first()).toContainText('已处理');
  await openDialog(page, rows.first(), '事件详情');
  await expect(drawer.getByRole('link', { name: '陈二提交的采购（死信重放）' })).toBeVisible();
  await page.screenshot({ path: 'test-results/ops-events.png', fullPage: true });

  // A status filter: no dead letter left for this instance.
  const dead = await page.request.get(`/api/admin/events?instanceId=${instanceId}&status=dead`);
  expect(((await dead.json()) as { total: number }).total).toBe(0);
  // Bad input is a 400 with the field named.
  const bad = await page.request.get('/api/admin/events?status=nope');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.issues[0].path).toBe('query.status');
});

test('the operations pages render for an admin (sync health, all tasks, audit log)', async ({ page }) => {
  await apiSignin(page, demoAdmin.username);
  // The demo org's approvals, ingested by the worker after start-up.
  await waitForAdminTasks(page.request, 'pageSize=1', 'any task in 全部任务', (n) => n > 0);
  await page.goto('/admin/health');
  await expect(page.getByRole('heading', { name: '同步健康' })).toBeVisible();
  await expect(page.getByTestId('connector-status').first()).toBeVisible();
  await expect(page.getByText('本月 API 调用').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/ops-health.png', fullPage: true });
  await page.goto('/admin/tasks');
  await expect(page.getByRole('heading', { name: '全部任务' })).toBeVisible();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/ops-tasks.png', fullPage: true });
  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();
  // The replay of the first test was audited as the admin.
  await page.getByLabel('操作', { exact: true }).fill('operation.');
  await clickStable(page.getByRole('button', { name: /搜\s*索/ }));
  await expect(page.locator('.ant-table-tbody tr.ant-table-row').first()).toContainText('operation.replay');
  const csv = await page.request.get('/api/admin/audit/export');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  await page.screenshot({ path: 'test-results/ops-audit.png', fullPage: true });
});

test('an admin cancels a running local-workflow instance from 全部任务, with a reason', async ({
  page,
  browser,
}) => {
  test.setTimeout(scaled(120_000));
  const stamp = Date.now().toString(36);
  // A published one-step workflow (through the admin API; the designer UI has its own spec).
  await apiSignin(page, demoAdmin.username);
  const admin = await page.request.get('/api/auth/session');
  const adminId = ((await admin.json()) as { userId: string }).userId;
  const created = await page.request.post('/api/admin/workflows', {
    data: { key: `cancel-${stamp}`, name: `取消测试 ${stamp}` },
  });
  expect(created.status()).toBe(201);
  const definitionId = ((await created.json()) as { id: string }).id;
  const saved = await page.request.put(`/api/admin/workflows/${definitionId}`, {
    data: {
      name: `取消测试 ${stamp}`,
      starters: { all: true },
      draft: {
        form: { fields: [{ key: 'reason', label: '事由', type: 'text', required: true }] },
        steps: [
          {
            id: 's1',
            name: '管理员审批',
            kind: 'approval',
            mode: 'sequential',
            assignee: { type: 'users', userIds: [adminId] },
          },
        ],
      },
    },
  });
  expect(saved.status()).toBe(200);
  expect((await page.request.post(`/api/admin/workflows/${definitionId}/publish`)).status()).toBe(200);

  const employee = await browser.newContext();
  await apiSignin(employee.request, demoEmployee.username);
  const started = await employee.request.post(`/api/workflows/${definitionId}/instances`, {
    data: { values: { reason: `要取消的申请 ${stamp}` } },
  });
  expect(started.status()).toBe(201);
  const { instanceId } = (await started.json()) as { instanceId: string };
  await employee.close();

  const search = `q=${encodeURIComponent(`取消测试 ${stamp}`)}&status=pending`;
  await waitForAdminTasks(page.request, search, 'the new instance’s pending task', (n) => n > 0);
  await page.goto('/admin/tasks');
  await page.getByLabel('搜索').fill(`取消测试 ${stamp}`);
  await page.getByLabel('搜索').press('Enter');
  const row = page.locator('.ant-table-row', { hasText: `取消测试 ${stamp}` });
  const dialog = await openDialog(page, row.getByRole('button', { name: '取消流程' }));
  await clickStable(dialog.getByRole('button', { name: '取消流程' }));
  await expect(dialog.getByText('请填写取消原因')).toBeVisible();
  await dialog.getByRole('textbox').fill('申请重复提交');
  await clickStable(dialog.getByRole('button', { name: '取消流程' }));
  await expect(page.getByText('流程已取消')).toBeVisible();
  // The list shows 待处理 by default: the cancelled task leaves it.
  await waitForAdminTasks(page.request, search, 'the cancelled task out of 待处理', (n) => n === 0);
  await expect(row).toHaveCount(0);
  // The audit log names the instance and the reason.
  const audit = await page.request.get(`/api/admin/audit?targetId=${instanceId}`);
  expect(JSON.stringify(await audit.json())).toContain('申请重复提交');
});
