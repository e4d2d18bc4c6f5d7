import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { instanceIdOf, waitForInstance } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable, settle, stableDialog } from './fixtures/ui';

/**
 * 退回 to the originator, then 再次提交 (docs/local-workflows.md "More ways to act"): the approver sends the request
 * back from the 更多 sheet, the originator edits the form and resubmits, the flow restarts and completes. Run at
 * the viewport of the project (desktop card or the phone's sticky action bar: the same buttons).
 */
test('退回 to the originator, 再次提交 with an edited form, the flow continues and completes', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(scaled(180_000));
  const tag = randomBytes(3).toString('hex');
  const name = `设备申请 ${tag}`;

  // --- An admin publishes a one-step workflow through the API: 王五 approves.
  const admin = await playwright.request.newContext({ baseURL });
  await apiSignin(admin, 'wangmin');
  const wangwu = ((await (await admin.get('/api/users?q=王五')).json()) as { items: { id: string }[] })
    .items[0]?.id;
  const created = await admin.post('/api/admin/workflows', {
    data: { key: `more-${tag}`, name, category: '行政' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const saved = await admin.put(`/api/admin/workflows/${id}`, {
    data: {
      name,
      category: '行政',
      starters: { all: true },
      draft: {
        form: { fields: [{ key: 'reason', label: '申请事由', type: 'text', required: true }] },
        steps: [
          {
            id: 'lead',
            name: '审批',
            kind: 'approval',
            mode: 'sequential',
            assignee: { type: 'users', userIds: [wangwu] },
          },
        ],
      },
    },
  });
  expect(saved.status()).toBe(200);
  expect((await admin.post(`/api/admin/workflows/${id}/publish`)).status()).toBe(200);
  await admin.dispose();

  // --- 李四 starts it.
  await apiSignin(page, 'lisi');
  await page.goto(`/apply/${id}`);
  await page.getByLabel('申请事由').fill(`笔记本 ${tag}`);
  await clickStable(page.getByRole('button', { name: /提\s*交/ }));
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  const instanceId = instanceIdOf(page);
  const instanceUrl = page.url();

  // --- 王五 sends it back to the originator from 更多.
  const approver = await browser.newPage({ viewport: page.viewportSize() ?? undefined });
  await apiSignin(approver, 'wangwu');
  await approver.goto(instanceUrl);
  await clickVisible(approver, 'more-actions');
  const sheet = await stableDialog(approver, '更多操作');
  await clickStable(sheet.getByTestId('more-revert').getByRole('button'));
  const revert = await stableDialog(approver, '退回');
  await clickStable(revert.getByTestId('revert-target'));
  await clickStable(approver.locator('.ant-select-dropdown:visible .ant-select-item-option').first());
  await revert.getByRole('textbox').fill('请写明型号');
  await clickStable(revert.getByRole('button', { name: /提\s*交/ }));
  await waitForInstance(page, instanceId, 'the request back with its originator', (i) =>
    i.myTasks.some((x) => x.status === 'pending' && x.kind === 'approval'),
  );
  await approver.reload();
  await expect(approver.getByTestId('log-step').filter({ hasText: '请写明型号' })).toBeVisible();

  // --- 李四 edits and resubmits; an emptied required field is refused under the field first.
  await page.reload();
  await expect(page.getByTestId('log-step').filter({ hasText: '请写明型号' })).toBeVisible();
  await clickVisible(page, 'resubmit');
  const form = await stableDialog(page, '修改并再次提交');
  const reason = form.getByLabel('申请事由');
  await expect(reason).toHaveValue(`笔记本 ${tag}`);
  await reason.fill(`笔记本 X1 ${tag}`);
  await clickStable(form.getByRole('button', { name: /再次提交/ }));
  await expect(form).toBeHidden({ timeout: scaled(15_000) });
  await waitForInstance(page, instanceId, 'the resubmitted values and the restarted step', (i) =>
    i.logs.some((l) => l.action === 'resubmit'),
  );
  await page.reload();
  await expect(page.getByText(`笔记本 X1 ${tag}`).first()).toBeVisible();
  await expect(page.getByTestId('log-step').filter({ hasText: '再次提交' })).toBeVisible();

  // --- 王五 agrees; the request completes.
  await approver.reload();
  await clickVisible(approver, /^同\s*意$/);
  const agree = await stableDialog(approver);
  await clickStable(agree.getByRole('button', { name: /提\s*交/ }));
  await waitForInstance(page, instanceId, 'the instance completed', (i) => i.status === 'completed');
  await approver.close();
});

/** The visible one of a button that the page renders twice (desktop card and phone bar; CSS shows one). */
async function clickVisible(page: Page, which: string | RegExp) {
  await settle(page);
  const target =
    typeof which === 'string'
      ? page.getByTestId(which).locator('visible=true')
      : page.getByRole('button', { name: which }).locator('visible=true');
  await clickStable(target.first());
}
