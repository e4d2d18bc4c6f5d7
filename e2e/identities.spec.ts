import { expect, test } from '@playwright/test';
import { DEMO_CONNECTOR_NAME } from '@/db/seed-data';
import { DEMO_CORP_ID, DEMO_PROCESS_CODES } from '@/sandbox/scenarios/demo';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { inboxRow, waitForTask } from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, openDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Every identities / directory / mapping admin API, with a body that would pass validation. */
const ADMIN_CALLS: { method: 'get' | 'post' | 'put' | 'delete'; path: string; data?: unknown }[] = [
  { method: 'get', path: '/api/admin/identities?q=张' },
  { method: 'get', path: '/api/admin/identities/unmapped' },
  { method: 'get', path: '/api/admin/identities/handover' },
  { method: 'post', path: '/api/admin/identities/bulk-match', data: { field: 'mobile' } },
  { method: 'post', path: '/api/admin/identities/bulk-match', data: { field: 'mobile', apply: true } },
  { method: 'put', path: `/api/admin/identities/${SOME_ID}/link`, data: { userId: SOME_ID } },
  { method: 'delete', path: `/api/admin/identities/${SOME_ID}/link` },
  { method: 'get', path: '/api/admin/directory-sync' },
  { method: 'post', path: '/api/admin/directory-sync', data: { connectorId: SOME_ID } },
  { method: 'get', path: '/api/admin/processes' },
  {
    method: 'put',
    path: '/api/admin/processes',
    data: { connectorId: SOME_ID, processCode: 'PROC-X', included: false, displayName: '改名' },
  },
];

test('identities and mapping admin APIs: 401 without a session, 403 for an employee, and the page is admin-only', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(scaled(120_000));
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const call of ADMIN_CALLS) {
    const response = await anonymous[call.method](call.path, call.data ? { data: call.data } : {});
    expect(response.status(), `${call.method} ${call.path}`).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
  }
  await anonymous.dispose();

  await apiSignin(page, demoEmployee.username);
  for (const call of ADMIN_CALLS) {
    const response = await page.request[call.method](call.path, call.data ? { data: call.data } : {});
    expect(response.status(), `${call.method} ${call.path}`).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  }
  const forbidden = await page.goto('/admin/identities');
  expect(forbidden?.status()).toBe(403);
});

test('an admin links an unmapped identity by hand and the employee’s waiting task appears in 待我处理', async ({
  page,
  browser,
}) => {
  // A new hire in DingTalk whom no Huiban account matches (no shared mobile, email or job number).
  // The shared machine can be slow: the flow crosses the sandbox, the worker and two browser contexts.
  test.setTimeout(scaled(120_000));
  const userId = `newhire${Date.now().toString(36)}`;
  const title = `e2e 身份映射 ${userId}`;
  const added = await page.request.post(`${SANDBOX_URL}/__control/orgs/${DEMO_CORP_ID}/directory/users`, {
    data: {
      userId,
      name: '新同事',
      deptIds: [1],
      mobile: '13999990001',
      email: `${userId}@elsewhere.example`,
    },
  });
  expect(added.status()).toBe(201);
  await startDingTalkInstance(page.request, {
    processCode: DEMO_PROCESS_CODES.leave,
    originator: 'lisi',
    approver: userId,
    title,
  });

  await apiSignin(page, demoAdmin.username);
  // The worker stores the contact and approval events, then the task waits for a mapping.
  await waitForState(
    async () => {
      const body = (await (await page.request.get('/api/admin/identities/unmapped')).json()) as {
        items: { externalUserId: string; waitingTasks: number }[];
      };
      return body.items.find((i) => i.externalUserId === userId)?.waitingTasks ?? 0;
    },
    { what: `${userId} unmapped with one waiting task`, until: (n) => n === 1 },
  );

  await page.goto('/admin/identities');
  await expect(page.getByRole('heading', { name: '身份映射' })).toBeVisible();
  const row = page.locator('.ant-table-row', { hasText: userId });
  await expect(row).toBeVisible();
  await page.screenshot({ path: 'test-results/identities-unmapped.png', fullPage: true });
  const dialog = await openDialog(page, row.getByRole('button', { name: '关联用户' }));
  await dialog.getByRole('combobox').fill(demoEmployee.name);
  // Pick the search result with the keyboard: the option list re-renders as results arrive.
  await expect(page.locator('.ant-select-item-option', { hasText: demoEmployee.name }).first()).toBeVisible();
  await dialog.getByRole('combobox').press('Enter');
  await clickStable(dialog.getByRole('button', { name: '关联用户' }));
  await expect(page.getByText('已关联，1 条待办已进入该用户的待我处理')).toBeVisible();
  await expect(page.locator('.ant-table-row', { hasText: userId })).toHaveCount(0);

  // The employee sees it at once.
  const employee = await browser.newContext();
  const employeePage = await employee.newPage();
  await apiSignin(employeePage, demoEmployee.username);
  await waitForTask(employeePage, title);
  await employeePage.goto('/inbox/pending');
  await expect(inboxRow(employeePage, title)).toBeVisible();
  await employee.close();

  // The link shows on the user's row, audited as a manual link.
  await clickStable(page.getByRole('tab', { name: '用户' }));
  await page.getByPlaceholder('搜索姓名、登录名、手机号、邮箱或工号').fill(demoEmployee.name);
  await page.getByPlaceholder('搜索姓名、登录名、手机号、邮箱或工号').press('Enter');
  const userRow = page.locator('.ant-table-row', { hasText: demoEmployee.username });
  await expect(userRow).toContainText(userId);
  await page.screenshot({ path: 'test-results/identities-users.png', fullPage: true });
});

test('立即同步通讯录 queues a full sync and shows its result and time; the mapping columns are on 流程设置', async ({
  page,
}) => {
  test.setTimeout(scaled(120_000));
  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/identities');
  await clickStable(page.getByRole('tab', { name: '通讯录同步' }));
  const before = await page.request.get('/api/admin/directory-sync');
  const startedBefore = (
    (await before.json()) as { items: { connectorName: string; lastSync: { id: string } | null }[] }
  ).items.find((i) => i.connectorName === DEMO_CONNECTOR_NAME)?.lastSync?.id;
  // Other specs add DingTalk connectors with made-up credentials: sync the demo org's.
  await clickStable(
    page
      .locator('.ant-table-row', { hasText: DEMO_CONNECTOR_NAME })
      .getByRole('button', { name: /立即同步通讯录/ }),
  );
  await expect(page.getByText('已开始同步通讯录')).toBeVisible();
  await waitForState(
    async () => {
      const body = (await (await page.request.get('/api/admin/directory-sync')).json()) as {
        items: { connectorName: string; lastSync: { id: string; status: string } | null }[];
      };
      const last = body.items.find((i) => i.connectorName === DEMO_CONNECTOR_NAME)?.lastSync;
      return last && last.id !== startedBefore ? last.status : 'waiting';
    },
    { what: 'a new directory sync succeeded', until: (s) => s === 'succeeded', budget: BUDGET.ingest * 2 },
  );
  // The tab polls while a sync runs; a reload shows the finished one either way.
  await page.reload();
  await clickStable(page.getByRole('tab', { name: '通讯录同步' }));
  await expect(page.getByRole('tabpanel', { name: '通讯录同步' }).getByText('成功').first()).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: '通讯录同步' })).toContainText(/\d+ 人 · 新增 \d+/);
  await page.screenshot({ path: 'test-results/identities-sync.png', fullPage: true });

  await page.goto('/admin/processes');
  await expect(page.getByRole('columnheader', { name: '纳入汇办' })).toBeVisible();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/processes-mapping.png', fullPage: true });
});
