import { expect, test } from '@playwright/test';
import type { DeliveryView, SubscriptionView } from '@/lib/distribution/subscription-input';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, openDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

type SandboxRobot = { accessToken: string; secret: string; webhook: string };
type RobotLog = {
  messages: { at: number; body: { msgtype: string; markdown?: { title: string; text: string } } }[];
  calls: { at: number; errcode: number }[];
};

test('an admin adds a group-robot subscription; a new task reaches the sandbox robot as a signed markdown message, and the delivery shows as delivered', async ({
  page,
  request,
}) => {
  test.setTimeout(scaled(120_000));
  const run = Date.now().toString(36);
  // A custom robot "in a DingTalk group": the sandbox checks every message's timestamp + HMAC-SHA256 sign.
  const created = await request.post(`${SANDBOX_URL}/__control/robots`, { data: {} });
  expect(created.status(), await created.text()).toBe(201);
  const robot = (await created.json()) as SandboxRobot;

  await apiSignin(page, demoAdmin.username);
  await page.goto('/admin/subscriptions');
  const dialog = await openDialog(page, page.getByRole('button', { name: '新建订阅' }), '新建订阅');
  await clickStable(dialog.getByText('钉钉群机器人', { exact: true }));
  await dialog.getByLabel('名称').fill(`审批群机器人 ${run}`);
  await dialog.getByLabel('机器人 Webhook 地址').fill(robot.webhook);
  await dialog.getByLabel('加签密钥').fill(robot.secret);
  // Only this run's process, so other specs' tasks stay out of the robot's log.
  await dialog.getByLabel('流程编码').fill('PROC-DEMO-LEAVE');
  await dialog.getByLabel('流程编码').press('Enter');
  await page.screenshot({ path: 'test-results/robot-subscription-new.png', fullPage: true });
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/admin/subscriptions') && r.request().method() === 'POST',
  );
  await clickStable(dialog.getByRole('button', { name: /保\s?存/ }));
  const answer = await saved;
  expect(answer.status()).toBe(201);
  // Invariant 6: neither the access_token of the webhook nor the signing secret comes back.
  const answerText = await answer.text();
  expect(answerText).not.toContain(robot.accessToken);
  expect(answerText).not.toContain(robot.secret);
  await expect(page).toHaveURL(/\/admin\/subscriptions\/[0-9a-f-]{36}$/);
  const subscriptionId = new URL(page.url()).pathname.split('/').pop() ?? '';
  // The page shows the webhook masked.
  await expect(page.getByText(`access_token=****${robot.accessToken.slice(-4)}`)).toBeVisible();
  await expect(page.getByText(robot.accessToken)).toHaveCount(0);

  // A new task: a leave request waiting for 王五, started "in DingTalk"; the worker ingests it and the robot
  // subscription sends a message.
  const title = `机器人测试请假-${run}`;
  const processInstanceId = await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-LEAVE',
    originator: 'zhengyi',
    approver: 'wangwu',
    title,
  });
  const log = await waitForState(
    async () =>
      (await (await request.get(`${SANDBOX_URL}/__control/robots/${robot.accessToken}`)).json()) as RobotLog,
    {
      what: 'the sandbox robot accepted a message about the new task',
      until: (l) => l.messages.some((m) => JSON.stringify(m.body).includes(title)),
      budget: BUDGET.writeBack,
    },
  );
  // Accepted = the signature (timestamp + sign) verified; no call was refused.
  expect(log.calls.every((c) => c.errcode === 0)).toBe(true);
  const message = log.messages.find((m) => JSON.stringify(m.body).includes(title));
  expect(message?.body.msgtype).toBe('markdown');

  const delivery = await waitForState(
    async () => {
      const response = await page.request.get(`/api/admin/subscriptions/${subscriptionId}/deliveries`);
      return ((await response.json()) as { items: DeliveryView[] }).items.find(
        (d) => d.status === 'delivered' && JSON.stringify(d.payload).includes(processInstanceId),
      );
    },
    { what: 'the robot delivery recorded as delivered', budget: BUDGET.writeBack },
  );
  const row = page.getByTestId('delivery-log').locator(`tr.ant-table-row[data-row-key="${delivery?.id}"]`);
  await expect(row).toBeVisible({ timeout: scaled(15_000) });
  await expect(row).toContainText('成功');
  await page.screenshot({ path: 'test-results/robot-subscription-delivered.png', fullPage: true });

  const view = (await (
    await page.request.get(`/api/admin/subscriptions/${subscriptionId}`)
  ).json()) as SubscriptionView;
  expect(view).toMatchObject({ kind: 'dingtalk_robot', hasSecret: true });
  expect(JSON.stringify(view)).not.toContain(robot.accessToken);
});
