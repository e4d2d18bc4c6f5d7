import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { setLocaleCookie } from './fixtures/pages';
import { findTasks, readInstance, submitAction, waitForTask } from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, openDialog, settle } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

/** An open-API connector (kind `api`) with an API key, made by the signed-in admin. */
async function apiConnector(page: Page, name: string, callbackUrl?: string) {
  const created = await page.request.post('/api/admin/connectors', {
    data: { kind: 'api', name, ...(callbackUrl ? { callbackUrl } : {}) },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  const keyed = await page.request.post(`/api/admin/connectors/${id}/api-keys`, { data: { name: 'e2e' } });
  return { id, name, key: ((await keyed.json()) as { key: string }).key };
}

/** Another system pushes an approval of `processName` whose `field` is `value`, waiting on the demo admin. */
function pushApproval(
  page: Page,
  c: { key: string },
  a: { externalId: string; processName: string; field: string; value: string; title: string },
) {
  return page.request.post('/api/open/v1/instances', {
    headers: { authorization: `Bearer ${c.key}` },
    data: {
      externalId: a.externalId,
      title: a.title,
      processName: a.processName,
      originator: { email: demoEmployee.email },
      formValues: [{ name: a.field, value: a.value }],
      updatedAt: new Date().toISOString(),
      tasks: [{ externalTaskId: `${a.externalId}-1`, assignee: { email: demoAdmin.email } }],
    },
  });
}

/**
 * One task for one approval: two systems push the same expense claim (an admin's rule: ERP's 单号 equals
 * the finance system's 报销单号). 待我处理 lists it once, the page links the other copy, and one agree settles both:
 * each system receives exactly one action on its callback.
 */
test('a de-duplicated pair shows once, and acting once settles both sources', async ({ page }) => {
  test.setTimeout(scaled(150_000));
  const stamp = Date.now().toString(36);
  await apiSignin(page, demoAdmin.username);

  const received: Record<string, number> = { erp: 0, fin: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const who = req.url?.includes('erp') ? 'erp' : 'fin';
      received[who] = (received[who] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const erp = await apiConnector(page, `ERP ${stamp}`, `${base}/erp`);
  const fin = await apiConnector(page, `财务 ${stamp}`, `${base}/fin`);
  const rule = await page.request.post('/api/admin/same-approval-rules', {
    data: {
      name: `报销单号 ${stamp}`,
      a: { connectorId: erp.id, processCode: '费用报销', field: '单号' },
      b: { connectorId: fin.id, processCode: '报销核对', field: '报销单号' },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);

  const no = `BX-${stamp}`;
  const push = (c: { key: string }, processName: string, field: string, title: string) =>
    pushApproval(page, c, { externalId: `${processName}-${stamp}`, processName, field, value: no, title });
  // The copy arrives first, the primary second.
  expect((await push(fin, '报销核对', '报销单号', `报销核对 ${stamp}`)).status()).toBe(200);
  expect((await push(erp, '费用报销', '单号', `费用报销 ${stamp}`)).status()).toBe(200);

  // 待我处理 lists the approval once: the primary.
  const primary = await waitForTask(page, `费用报销 ${stamp}`);
  expect(await findTasks(page, stamp)).toHaveLength(1);
  await page.goto('/inbox/pending');
  await expect(page.getByText(`费用报销 ${stamp}`).first()).toBeVisible();
  await expect(page.getByText(`报销核对 ${stamp}`)).toHaveCount(0);

  // The page links the other copy; one agree.
  await page.goto(`/instances/${primary.instanceId}`);
  const copies = page.getByTestId('same-approval');
  await expect(copies).toContainText(`报销核对 ${stamp}`);
  await page.screenshot({ path: 'test-results/same-approval-detail.png', fullPage: true });
  await submitAction(page, /^同\s*意$/, '同意报销');

  // Both sources got exactly one action each, and both are confirmed.
  const copyId = await waitForState(
    async () => {
      const detail = await readInstance(page, primary.instanceId);
      return detail.sameApproval[0]?.instanceId;
    },
    { what: 'the copy on the primary page' },
  );
  for (const id of [primary.instanceId, copyId as string])
    await waitForState(() => readInstance(page, id), {
      what: `the action on ${id} confirmed by its source`,
      until: (i) => i.myActions.length === 1 && i.myActions[0]?.writeBackStatus === 'confirmed',
      budget: BUDGET.writeBack,
    });
  expect(received).toEqual({ erp: 1, fin: 1 });
  expect(await findTasks(page, stamp)).toHaveLength(0);
  server.close();
});

/**
 * The rules page (管理 → 同一审批规则): an admin defines the rule in the form — the processes and fields offered from
 * what each system pushed before — and a matching pair pushed afterwards shows once in 待我处理; the rule then lists
 * the pair it linked. Edited and deleted on the page; English and a phone's width looked at too.
 */
test('an admin creates a rule on the rules page; a matching pair from two systems then shows once', async ({
  page,
  context,
}) => {
  test.setTimeout(scaled(150_000));
  const stamp = Date.now().toString(36);
  await apiSignin(page, demoAdmin.username);
  const hr = await apiConnector(page, `HR ${stamp}`);
  const pay = await apiConnector(page, `薪酬 ${stamp}`);
  const push = (c: { key: string }, processName: string, field: string, value: string) =>
    pushApproval(page, c, {
      externalId: `${processName}-${value}`,
      processName,
      field,
      value,
      title: `${processName} ${value}`,
    });
  // One earlier approval of each process: the form offers them and their fields.
  expect((await push(hr, '调薪申请', '调薪单号', `OLD-${stamp}`)).status()).toBe(200);
  expect((await push(pay, '薪资变更', '变更编号', `OLDER-${stamp}`)).status()).toBe(200);
  await waitForTask(page, `薪资变更 OLDER-${stamp}`);

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/admin/same-approval');
  await expect(page.getByRole('heading', { name: '同一审批规则' })).toBeVisible();
  const dialog = await openDialog(page, page.getByTestId('rule-add'));
  await dialog.getByTestId('rule-name').fill(`调薪单号 ${stamp}`);
  const pick = async (which: 'a' | 'b', connector: string, process: string, field: string) => {
    const side = dialog.getByTestId(`rule-side-${which}`);
    await side.getByLabel('来源').fill(connector);
    await clickStable(
      page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: connector }),
    );
    // The process and the field are offered from what the system pushed.
    await clickStable(side.getByLabel('流程'));
    await clickStable(
      page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: process }),
    );
    await clickStable(side.getByLabel('表单字段'));
    await clickStable(
      page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: field }),
    );
  };
  await pick('a', hr.name, '调薪申请', '调薪单号');
  await pick('b', pay.name, '薪资变更', '变更编号');
  await settle(page);
  await page.screenshot({ path: 'test-results/same-approval-rule-form-1400-zh.png' });
  await clickStable(dialog.getByTestId('rule-save'));
  await expect(page.getByText('规则已保存')).toBeVisible();
  const row = page.getByTestId('rule-row').filter({ hasText: `调薪单号 ${stamp}` });
  await expect(row).toContainText(`${hr.name} · 调薪申请 · 调薪单号`);
  await expect(row).toContainText(`${pay.name} · 薪资变更 · 变更编号`);
  await expect(row.getByTestId('rule-linked')).toHaveText('暂无');

  // A matching pair, the copy first: 待我处理 lists the approval once, through the primary (A).
  const no = `TX-${stamp}`;
  expect((await push(pay, '薪资变更', '变更编号', no)).status()).toBe(200);
  expect((await push(hr, '调薪申请', '调薪单号', no)).status()).toBe(200);
  await waitForTask(page, `调薪申请 ${no}`);
  expect((await findTasks(page, no)).map((t) => t.title)).toEqual([`调薪申请 ${no}`]);
  await page.goto('/inbox/pending');
  await expect(page.getByText(`调薪申请 ${no}`).first()).toBeVisible();
  await expect(page.getByText(`薪资变更 ${no}`)).toHaveCount(0);

  // The rule now lists the pair it linked.
  await page.goto('/admin/same-approval');
  await clickStable(row.getByTestId('rule-linked'));
  const pairs = page.getByTestId('rule-linked-pairs');
  await expect(pairs).toContainText(no);
  await expect(pairs).toContainText(`调薪申请 ${no}`);
  await expect(pairs).toContainText(`薪资变更 ${no}`);
  await settle(page);
  await page.screenshot({ path: 'test-results/same-approval-rule-pairs-1400-zh.png' });
  await page.keyboard.press('Escape');
  await expect(pairs).toBeHidden();
  await page.screenshot({ path: 'test-results/same-approval-rules-1400-zh.png', fullPage: true });

  // Edited on the page: the new name is saved, the pair it linked stays with it.
  const edit = await openDialog(page, row.getByTestId('rule-edit'));
  await edit.getByTestId('rule-name').fill(`调薪单号（改） ${stamp}`);
  await clickStable(edit.getByTestId('rule-save'));
  const edited = page.getByTestId('rule-row').filter({ hasText: `调薪单号（改） ${stamp}` });
  await expect(edited).toBeVisible();
  await expect(edited.getByTestId('rule-linked')).toHaveText('1 对');

  // A phone, Chinese; then English at both widths.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(edited).toBeVisible();
  await page.screenshot({ path: 'test-results/same-approval-rules-390-zh.png', fullPage: true });
  await setLocaleCookie(context, 'en-US');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Same-approval rules' })).toBeVisible();
  await expect(edited.getByTestId('rule-linked')).toHaveText('1 linked');
  await page.screenshot({ path: 'test-results/same-approval-rules-390-en.png', fullPage: true });
  await openDialog(page, edited.getByTestId('rule-edit'));
  await page.screenshot({ path: 'test-results/same-approval-rule-form-390-en.png', fullPage: true });
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.reload();
  await expect(edited).toBeVisible();
  await page.screenshot({ path: 'test-results/same-approval-rules-1400-en.png', fullPage: true });

  // Deleted: gone from the list; the pair stays linked (待我处理 still shows it once).
  await clickStable(edited.getByTestId('rule-delete'));
  // The confirm closes the popconfirm at once: one plain click (a retried click would find nothing).
  await page.getByTestId('rule-delete-confirm').click();
  await expect(edited).toHaveCount(0);
  expect((await findTasks(page, no)).map((t) => t.title)).toEqual([`调薪申请 ${no}`]);
});
