import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { DEMO_CORP_ID, DEMO_PROCESS_CODES } from '@/sandbox/scenarios/demo';
import { apiSignin } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { inboxRow, waitForInstance, waitForTask } from './fixtures/tasks';

// Who holds a request, as the pages say it: a DingTalk 会签 node (王敏 and 王五) with a cc to 赵六, started by
// 张三. The process log names the cc recipient after the start, the header and the 当前处理人 column say whom
// it waits for and how far the 会签 got, and 抄送我的 shows the request's state instead of 已处理.
const SHOTS = process.env.E2E_SCREENSHOT_DIR;

async function startCountersign(request: APIRequestContext, title: string): Promise<string> {
  const response = await request.post(`${SANDBOX_URL}/__control/instances`, {
    data: {
      corpId: DEMO_CORP_ID,
      processCode: DEMO_PROCESS_CODES.expense,
      originatorUserId: 'zhangsan',
      approvers: [{ actionType: 'AND', userIds: ['wangmin', 'wangwu'], name: '技术与财务会签' }],
      ccUserIds: ['zhaoliu'],
      title,
      form: { 报销事由: '客户现场差旅', '报销金额（元）': '680.00' },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { processInstanceId: string }).processInstanceId;
}

async function actInDingTalk(request: APIRequestContext, id: string, body: Record<string, unknown>) {
  const response = await request.post(`${SANDBOX_URL}/__control/instances/${id}/act`, { data: body });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

async function useLocale(page: Page, locale: 'zh-CN' | 'en-US', baseURL: string) {
  await page.context().addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL }]);
}

test('the process log, the header and the lists say who holds a request, in Chinese and English', async ({
  page,
  baseURL,
}) => {
  const title = `张三提交的会签报销 ${Date.now()}`;
  const id = await startCountersign(page.request, title);
  await page.setViewportSize({ width: 1400, height: 900 });

  await apiSignin(page, 'wangwu');
  const row = await waitForTask(page, title);
  await actInDingTalk(page.request, id, { userId: 'wangmin', action: 'agree', remark: '技术上同意' });
  await waitForInstance(
    page,
    row.instanceId,
    '王敏’s answer counted in the 会签',
    (i) => i.pendingStep?.done === 1,
  );

  // The list: 当前处理人 says whom the request waits for and the 会签 progress; the originator filter finds it.
  await page.goto(`/inbox/pending?originator=${encodeURIComponent('张三')}`);
  const listed = inboxRow(page, title);
  await expect(listed).toBeVisible();
  await expect(listed.getByTestId('pending-step')).toContainText('等待 王五 审批');
  await expect(listed.getByTestId('pending-step')).toContainText('会签 1/2');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbox-pending-zh.png` });

  await page.goto(`/instances/${row.instanceId}`);
  await expect(page.getByTestId('instance-holder')).toContainText('当前处理：');
  await expect(page.getByTestId('instance-holder')).toContainText('等待 王五 审批');
  const steps = page.getByTestId('log-step');
  // The start first, then the cc naming its recipient (not the originator as 抄送人).
  await expect(steps.nth(0)).toHaveAttribute('data-action', 'start');
  await expect(steps.nth(1)).toHaveAttribute('data-action', 'cc');
  await expect(steps.nth(1)).toContainText('抄送给 赵六');
  await expect(steps.nth(1)).not.toContainText('张三');
  await expect(page.getByTestId('log-pending')).toContainText('会签 1/2');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/instance-zh.png`, fullPage: true });

  await useLocale(page, 'en-US', baseURL!);
  await page.reload();
  await expect(page.getByTestId('instance-holder')).toContainText('Now with:');
  await expect(page.getByTestId('instance-holder')).toContainText('Waiting for 王五');
  await expect(steps.nth(1)).toContainText('CC’d to 赵六');
  await expect(page.getByTestId('log-pending')).toContainText('All must approve · 1/2');
  await expect(page.getByTestId('log-pending')).toContainText('In progress');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/instance-en.png`, fullPage: true });
  await page.goto('/inbox/pending');
  await expect(inboxRow(page, title).getByTestId('pending-step')).toContainText('Waiting for 王五');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbox-pending-en.png` });

  // A transfer names its target; the new approver then holds the request.
  await actInDingTalk(page.request, id, {
    userId: 'wangwu',
    action: 'redirect',
    toUserId: 'lisi',
    remark: '请代批',
  });
  await waitForInstance(page, row.instanceId, 'the transfer to 李四 applied', (i) =>
    i.logs.some((l) => l.action === 'redirect' && l.targets.some((x) => x.name === '李四')),
  );
  await useLocale(page, 'zh-CN', baseURL!);
  await page.goto(`/instances/${row.instanceId}`);
  await expect(page.locator('[data-action="redirect"]')).toContainText('王五 转交给 李四');
  await expect(page.getByTestId('instance-holder')).toContainText('等待 李四 审批');
});

test('抄送我的 shows the state of the request, not 已处理, while it is still being approved', async ({
  page,
}) => {
  const title = `张三提交的抄送报销 ${Date.now()}`;
  await startCountersign(page.request, title);
  await page.setViewportSize({ width: 1400, height: 900 });
  await apiSignin(page, 'zhaoliu');
  await waitForTask(page, title, { view: 'cc' });
  await page.goto('/inbox/cc');
  const row = inboxRow(page, title);
  await expect(row).toBeVisible();
  await expect(row).toContainText('审批中');
  await expect(row).not.toContainText('已处理');
  await expect(row.getByTestId('pending-step')).toContainText(/等待 (王敏、王五|王五、王敏) 审批/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbox-cc-zh.png` });
});
