import { randomBytes } from 'node:crypto';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { inboxRow, instanceIdOf, submitAction, waitForInstance, waitForTask } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { checkStable, clickStable, openDialog, settle } from './fixtures/ui';

/** Adds a field of a type in the designer's form tab and fills its drawer. */
async function addField(page: Page, type: string, label: string, key: string, required: boolean) {
  await clickStable(page.getByRole('button', { name: '添加字段' }));
  const drawer = await openDialog(page, page.getByRole('menuitem', { name: type, exact: true }));
  await drawer.getByLabel('名称').fill(label);
  await drawer.getByLabel('字段标识').fill(key);
  if (required) await clickStable(drawer.getByRole('switch', { name: '必填' }));
  await closeDrawer(drawer, 'field-drawer-ok');
  await expect(page.getByTestId('designer-field').filter({ hasText: label })).toBeVisible();
}

/** Confirms a designer drawer with its OK button and waits until it has slid out. */
async function closeDrawer(drawer: Locator, okTestId: string) {
  await clickStable(drawer.getByTestId(okTestId));
  await expect(drawer).toBeHidden();
  await settle(drawer.page());
}

/**
 * Picks a person in a user picker (a searching antd Select). The options re-render as the search answers
 * arrive, so a click can land on an option that is being replaced: retried until the choice shows as a tag.
 */
async function pickUser(page: Page, picker: Locator, name: string) {
  const chosen = picker.locator('.ant-select-selection-item', { hasText: name });
  await expect(async () => {
    // Clicking an option that is already chosen would unselect it.
    if ((await chosen.count()) === 0) {
      await picker.click({ timeout: scaled(3_000) });
      await picker.locator('input').fill(name);
      await settle(page);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name })
        .click({ timeout: scaled(3_000) });
    }
    await expect(chosen).toBeVisible({ timeout: scaled(2_000) });
  }).toPass({ timeout: scaled(30_000) });
}

async function addStep(page: Page, kind: string) {
  await clickStable(page.getByTestId('flow-root').getByRole('button', { name: '添加步骤' }).last());
  // Menu items carry an icon, so match the visible text exactly ('审批' must not pick '钉钉审批').
  return openDialog(page, page.getByRole('menuitem').filter({ hasText: new RegExp(`^${kind}$`) }));
}

test('an admin designs and publishes a 报销 workflow; an employee starts it with an attachment; the approver agrees; the originator sees it finished with the full log', async ({
  page,
  browser,
}) => {
  // Three people, a designer session and the worker's jobs: slow on a loaded 2-core machine.
  test.setTimeout(scaled(240_000));
  const tag = randomBytes(3).toString('hex');
  const name = `差旅报销 ${tag}`;

  // --- The admin designs the workflow in the designer.
  await apiSignin(page, 'wangmin');
  await page.goto('/admin/workflows');
  const create = await openDialog(page, page.getByRole('button', { name: '新建流程' }));
  await create.getByLabel('流程名称').fill(name);
  await create.getByLabel('流程标识').fill(`expense-${tag}`);
  await create.getByLabel('分类').fill('财务');
  await clickStable(create.getByRole('button', { name: /创\s*建/ }));
  await expect(page).toHaveURL(/\/admin\/workflows\/[0-9a-f-]{36}$/);

  await addField(page, '多行文本', '报销事由', 'reason', true);
  await addField(page, '金额', '报销金额', 'amount', true);
  await addField(page, '附件', '发票', 'invoice', true);

  await clickStable(page.getByRole('tab', { name: '流程设计' }));
  let drawer = await addStep(page, '审批');
  await drawer.getByLabel('步骤名称').fill('财务审批');
  await checkStable(drawer.getByRole('radio', { name: '指定成员' }));
  await pickUser(page, drawer.getByTestId('assignee-users'), '王五');
  await closeDrawer(drawer, 'step-drawer-ok');
  await expect(page.getByTestId('flow-step').filter({ hasText: '财务审批' })).toContainText('王五');

  drawer = await addStep(page, '抄送');
  await drawer.getByLabel('步骤名称').fill('抄送管理员');
  await closeDrawer(drawer, 'step-drawer-ok');
  await expect(page.getByTestId('flow-step')).toHaveCount(2);

  // The preview renders the form as employees will see it.
  await clickStable(page.getByRole('tab', { name: '预览' }));
  await expect(page.getByRole('tabpanel').getByText('报销事由')).toBeVisible();
  await expect(page.getByRole('tabpanel').getByRole('button', { name: '上传附件' })).toBeVisible();

  await clickStable(page.getByRole('button', { name: /发\s*布/ }));
  await expect(page.getByTestId('published-version')).toHaveText('已发布 v1');
  await clickStable(page.getByRole('tab', { name: '版本历史' }));
  await expect(page.getByTestId('version-item')).toHaveCount(1);

  // --- An employee starts it from 发起申请 with an attachment.
  const employee = await browser.newPage();
  await apiSignin(employee, 'lisi');
  await employee.goto('/apply');
  await clickStable(employee.getByTestId('apply-card').filter({ hasText: name }));
  await expect(employee.getByText(name).first()).toBeVisible();
  await employee.getByLabel('报销事由').fill(`上海出差 ${tag}`);
  await employee.getByLabel('报销金额').fill('1280.5');
  await employee.locator('input[type=file]').setInputFiles({
    name: `发票-${tag}.pdf`,
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.4\n发票 ${tag}\n%%EOF\n`),
  });
  await expect(employee.locator('.ant-upload-list-item-done', { hasText: `发票-${tag}.pdf` })).toBeVisible();
  await clickStable(employee.getByRole('button', { name: /提\s*交/ }));
  await expect(employee).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  const instanceUrl = employee.url();
  const instanceId = instanceIdOf(employee);
  await expect(employee.getByTestId('instance-source')).toContainText(/本地流程|汇办流程/);
  await expect(employee.getByText(`发票-${tag}.pdf`)).toBeVisible();

  // --- The approver agrees in Huiban.
  const approver = await browser.newPage();
  await apiSignin(approver, 'wangwu');
  await waitForTask(approver, name);
  await approver.goto('/inbox/pending');
  const row = inboxRow(approver, name);
  await clickStable(row.getByRole('link').first());
  await expect(approver.getByText(`上海出差 ${tag}`)).toBeVisible();
  await submitAction(approver, /^同\s*意$/, '同意，票据齐全');
  // The worker runs the step's effects (the agree, then the 抄送 step) and finishes the instance.
  await waitForInstance(
    employee,
    instanceId,
    'the instance finished with the approver’s remark in its log',
    (i) =>
      (i.status === 'completed' || i.result === 'agree') && i.logs.some((l) => l.remark === '同意，票据齐全'),
  );
  await approver.reload();
  await expect(approver.getByTestId('log-step').filter({ hasText: '同意，票据齐全' })).toBeVisible();

  // --- The originator sees it finished, with the whole log and the attachment.
  await employee.goto(instanceUrl);
  await expect(employee.getByText('同意').first()).toBeVisible();
  await expect(employee.locator('.ant-tag', { hasText: /^(同意|已完成)$/ }).first()).toBeVisible();
  const log = employee.getByTestId('log-step');
  await expect(log.first()).toContainText('李四');
  await expect(log.filter({ hasText: '同意，票据齐全' })).toContainText('王五');
  await expect(employee.getByText(`发票-${tag}.pdf`)).toBeVisible();
  await waitForTask(employee, name, { view: 'initiated' });
  await employee.goto('/inbox/initiated');
  await expect(inboxRow(employee, name)).toBeVisible();
  await employee.close();
  await approver.close();
});

test('submitting with a missing required field shows field-level messages; the API answers 400 and writes nothing', async ({
  page,
  playwright,
  baseURL,
}) => {
  const tag = randomBytes(3).toString('hex');
  const admin = await playwright.request.newContext({ baseURL });
  await apiSignin(admin, 'wangmin');
  const users = (await (await admin.get('/api/users?q=王五')).json()) as { items: { id: string }[] };
  const created = await admin.post('/api/admin/workflows', {
    data: { key: `leave-${tag}`, name: `请假 ${tag}`, category: '人事' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const saved = await admin.put(`/api/admin/workflows/${id}`, {
    data: {
      name: `请假 ${tag}`,
      category: '人事',
      starters: { all: true },
      draft: {
        form: {
          fields: [
            { key: 'reason', label: '请假事由', type: 'textarea', required: true },
            { key: 'days', label: '请假天数', type: 'number', required: true, min: 0.5, max: 30 },
            { key: 'period', label: '请假日期', type: 'dateRange', required: true },
          ],
        },
        steps: [
          {
            id: 'a',
            name: '主管审批',
            kind: 'approval',
            assignee: { type: 'users', userIds: [users.items[0]?.id] },
            mode: 'sequential',
          },
        ],
      },
    },
  });
  expect(saved.status()).toBe(200);
  expect((await admin.post(`/api/admin/workflows/${id}/publish`)).status()).toBe(200);
  await admin.dispose();

  await apiSignin(page, 'zhaoliu');
  await page.goto(`/apply/${id}`);
  await page.getByLabel('请假天数').fill('2');
  await clickStable(page.getByRole('button', { name: /提\s*交/ }));
  await expect(page.getByText('请填写请假事由')).toBeVisible();
  await expect(page.getByText('请填写请假日期')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/apply/${id}$`));

  // The server checks the same on its own: 400 with issues per field under values.
  const before = (await (await page.request.get('/api/tasks?view=initiated&limit=100')).json()) as {
    items: unknown[];
  };
  const refused = await page.request.post(`/api/workflows/${id}/instances`, {
    data: { values: { days: 45 } },
  });
  expect(refused.status()).toBe(400);
  const body = (await refused.json()) as { error: { issues: { path: unknown; message: string }[] } };
  const paths = body.error.issues.map((i) => (Array.isArray(i.path) ? i.path.join('.') : String(i.path)));
  expect(paths).toEqual(expect.arrayContaining(['values.reason', 'values.days', 'values.period']));
  const after = (await (await page.request.get('/api/tasks?view=initiated&limit=100')).json()) as {
    items: unknown[];
  };
  expect(after.items.length).toBe(before.items.length);
});
