import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, type Locator, type Page, test } from '@playwright/test';
import type { Locale } from '@/lib/i18n/locales';
import type { MoreActionsView } from '@/lib/tasks/actions/get-more-actions';
import { apiSignin } from './fixtures/auth';
import { setLocaleCookie } from './fixtures/pages';
import { startDingTalkInstance } from './fixtures/sandbox';
import { instanceIdOf, waitForInstance, waitForTask } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable, settle, stableDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

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

/** Screenshots of the 更多 sheet and its dialogs, looked at by whoever changes them. */
const SCREENS = process.env.SHOTS_DIR ?? '.data/screens';

/** Publishes a workflow through the API as the admin and returns its id. */
async function publishWorkflow(
  admin: APIRequestContext,
  input: { key: string; name: string; steps: (approvers: Record<string, string>) => unknown[] },
): Promise<string> {
  const idOf = async (q: string) =>
    ((await (await admin.get(`/api/users?q=${encodeURIComponent(q)}`)).json()) as { items: { id: string }[] })
      .items[0]?.id ?? '';
  const approvers = { wangwu: await idOf('王五'), zhangsan: await idOf('张三') };
  const created = await admin.post('/api/admin/workflows', {
    data: { key: input.key, name: input.name, category: '行政' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const saved = await admin.put(`/api/admin/workflows/${id}`, {
    data: {
      name: input.name,
      category: '行政',
      starters: { all: true },
      draft: {
        form: { fields: [{ key: 'reason', label: '申请事由', type: 'text', required: true }] },
        steps: input.steps(approvers),
      },
    },
  });
  expect(saved.status()).toBe(200);
  expect((await admin.post(`/api/admin/workflows/${id}/publish`)).status()).toBe(200);
  return id;
}

/**
 * A dialog as a phone shows it: a bottom sheet across the whole width (not a centred box), nothing wider than
 * the screen, no button whose label is cut off; in English no Chinese left but the people's and steps' names.
 */
async function expectPhoneSheet(page: Page, dialog: Locator, locale: Locale, names: string[]) {
  const viewport = page.viewportSize()!;
  const box = await dialog.evaluate((el) => {
    const modal = (el.closest('.ant-modal') ?? el.querySelector('.ant-modal') ?? el) as HTMLElement;
    const r = modal.getBoundingClientRect();
    return { left: r.left, width: r.width, bottom: r.bottom };
  });
  expect(box.left).toBeLessThanOrEqual(1);
  expect(box.width).toBeGreaterThanOrEqual(viewport.width - 1);
  expect(Math.abs(box.bottom - viewport.height)).toBeLessThanOrEqual(2);
  const clipped = await dialog.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.ant-btn, .ant-radio-wrapper, .ant-select, .ant-typography')]
      .filter((x) => x.offsetParent !== null && x.scrollWidth > x.clientWidth + 1)
      .map((x) => x.textContent),
  );
  expect(clipped).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  if (locale === 'en-US') {
    let text = (await dialog.textContent()) ?? '';
    for (const name of names) text = text.replaceAll(name, '');
    expect(text).not.toMatch(/[\u3400-\u9fff]/);
  }
}

async function openMore(page: Page, locale: Locale): Promise<Locator> {
  await clickVisible(page, 'more-actions');
  return stableDialog(page, locale === 'en-US' ? 'More actions' : '更多操作');
}

async function closeDialog(dialog: Locator) {
  await clickStable(dialog.locator('.ant-modal-close'));
  await expect(dialog).toBeHidden({ timeout: scaled(10_000) });
}

test.describe('更多 on a phone, in Chinese and English', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the 更多 sheet and the 加签 / 退回 / 撤回 dialogs are bottom sheets, fully shown and translated; a DingTalk task says where to do them', async ({
    page,
    playwright,
    baseURL,
    request,
  }) => {
    test.setTimeout(scaled(240_000));
    mkdirSync(SCREENS, { recursive: true });
    const tag = randomBytes(3).toString('hex');
    const name = `用章申请 ${tag}`;

    // --- 王五 approves the first step, then signs the second with 张三 (会签): his first agree can be withdrawn
    // (the next step has not acted) and he has an open task there to add approvers to or send back.
    const admin = await playwright.request.newContext({ baseURL });
    await apiSignin(admin, 'wangmin');
    const workflowId = await publishWorkflow(admin, {
      key: `more-shots-${tag}`,
      name,
      steps: (a) => [
        {
          id: 'first',
          name: '部门初审',
          kind: 'approval',
          mode: 'sequential',
          assignee: { type: 'users', userIds: [a.wangwu] },
        },
        {
          id: 'second',
          name: '行政会签',
          kind: 'approval',
          mode: 'all',
          assignee: { type: 'users', userIds: [a.wangwu, a.zhangsan] },
        },
      ],
    });
    await admin.dispose();
    const originator = await playwright.request.newContext({ baseURL });
    await apiSignin(originator, 'lisi');
    const started = await originator.post(`/api/workflows/${workflowId}/instances`, {
      data: { values: { reason: `公章 ${tag}` } },
    });
    expect(started.status(), await started.text()).toBe(201);
    const { instanceId } = (await started.json()) as { instanceId: string };
    await originator.dispose();

    await apiSignin(page, 'wangwu');
    const first = await waitForInstance(page, instanceId, 'the first step with 王五', (i) =>
      i.myTasks.some((t) => t.status === 'pending'),
    );
    const agreed = await page.request.post(
      `/api/tasks/${first.myTasks.find((t) => t.status === 'pending')!.id}/actions`,
      { data: { action: 'agree' } },
    );
    expect(agreed.ok(), await agreed.text()).toBe(true);
    await waitForState(
      async () =>
        (await (
          await page.request.get(`/api/instances/${instanceId}/more-actions`)
        ).json()) as MoreActionsView,
      {
        what: '加签, 退回 and 撤回 offered to 王五',
        until: (m) => m.append === 'huiban' && m.revert === 'huiban' && m.withdraw === 'huiban',
      },
    );
    const names = ['李四', '王五', '张三', '部门初审', '行政会签', name, tag];

    for (const locale of ['zh-CN', 'en-US'] as const) {
      const en = locale === 'en-US';
      await setLocaleCookie(page.context(), locale);
      await page.goto(`/instances/${instanceId}`);

      const sheet = await openMore(page, locale);
      for (const k of ['append', 'revert', 'withdraw'])
        await expect(sheet.getByTestId(`more-${k}`).getByRole('button')).toBeEnabled();
      await expectPhoneSheet(page, sheet, locale, names);
      await page.screenshot({ path: `${SCREENS}/more-390-${locale}-menu.png` });

      await clickStable(sheet.getByTestId('more-append').getByRole('button'));
      const append = await stableDialog(page, en ? 'Add approvers' : '加签');
      await expectPhoneSheet(page, append, locale, names);
      await page.screenshot({ path: `${SCREENS}/more-390-${locale}-append.png` });
      await closeDialog(append);

      await clickStable((await openMore(page, locale)).getByTestId('more-revert').getByRole('button'));
      const revert = await stableDialog(page, en ? 'Send back' : '退回');
      await clickStable(revert.getByTestId('revert-target'));
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect(options).toHaveCount(2);
      await expectPhoneSheet(page, revert, locale, names);
      await page.screenshot({ path: `${SCREENS}/more-390-${locale}-revert.png` });
      // Choosing closes the list (an Escape could close the dialog under it too).
      await clickStable(options.first());
      await expect(options).toHaveCount(0);
      await closeDialog(revert);

      await clickStable((await openMore(page, locale)).getByTestId('more-withdraw').getByRole('button'));
      const withdraw = await stableDialog(page, en ? 'Withdraw' : '撤回');
      await expectPhoneSheet(page, withdraw, locale, names);
      await page.screenshot({ path: `${SCREENS}/more-390-${locale}-withdraw.png` });
      await closeDialog(withdraw);
    }

    // --- A DingTalk task: 加签 and 退回 are shown disabled with "do it in DingTalk" and DingTalk's page.
    const title = `钉钉用章 ${tag}`;
    await startDingTalkInstance(request, {
      processCode: 'PROC-DEMO-EXPENSE',
      originator: 'lisi',
      approver: 'wangwu',
      title,
      form: { 报销事由: '刻章', '报销金额（元）': '80' },
    });
    const task = await waitForTask(page, title);
    for (const locale of ['zh-CN', 'en-US'] as const) {
      await setLocaleCookie(page.context(), locale);
      await page.goto(`/instances/${task.instanceId}`);
      const sheet = await openMore(page, locale);
      await expect(sheet.getByTestId('more-append').getByRole('button')).toBeDisabled();
      await expect(sheet.getByTestId('more-append')).toContainText(
        locale === 'en-US' ? 'Do this in DingTalk' : '在钉钉中操作',
      );
      await expectPhoneSheet(page, sheet, locale, [...names, title]);
      await page.screenshot({ path: `${SCREENS}/more-390-${locale}-dingtalk.png` });
      await closeDialog(sheet);
    }

    // --- On a wide screen the same sheet is a centred dialog.
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`/instances/${instanceId}`);
    const wide = await openMore(page, 'en-US');
    const box = await wide.evaluate((el) => {
      const r = (
        (el.closest('.ant-modal') ?? el.querySelector('.ant-modal') ?? el) as HTMLElement
      ).getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(box.left).toBeGreaterThan(100);
    expect(Math.abs(1400 - box.right - box.left)).toBeLessThanOrEqual(20);
    await page.screenshot({ path: `${SCREENS}/more-1400-en-US-menu.png` });
  });
});
