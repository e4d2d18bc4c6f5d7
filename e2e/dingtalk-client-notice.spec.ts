import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { DEMO_CONNECTOR_NAME } from '@/db/seed-data';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { clientUrl, openDingTalkClient } from './fixtures/dingtalk-client';
import { SANDBOX_URL } from './fixtures/sandbox';
import { readInstance } from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, stableDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

type Notice = { msg: { oa?: { message_url: string; body: { title: string } } } };

const SIGN_IN = { timeout: scaled(BUDGET.ingest) };

/**
 * The whole path inside the DingTalk client: an open-API task is announced by a work notice; on the
 * phone, the employee opens Huiban from the workbench (免登, no password), taps the notice's link (the
 * dingtalk://…page/link the sandbox recorded for that notice) inside the client, lands on the task, agrees there,
 * and the task reaches done: the other system receives the action on its callback and pushes its new state, as a
 * real ERP does.
 */
test('inside the DingTalk client: signed in without a password, a work-notice link opens the task, agreeing settles it', async ({
  browser,
  baseURL,
  request,
}) => {
  test.setTimeout(scaled(150_000));
  const stamp = Date.now().toString(36);
  await apiSignin(request, demoAdmin.username);

  // The ERP: accepts every action on its callback and then pushes the instance as done.
  let push: (status: 'pending' | 'done') => Promise<number> = async () => 0;
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      setTimeout(() => void push('done'), 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  const created = await request.post('/api/admin/connectors', {
    data: { kind: 'api', name: `ERP 钉钉内 ${stamp}`, callbackUrl },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connectorId = ((await created.json()) as { id: string }).id;
  const key = (
    (await (
      await request.post(`/api/admin/connectors/${connectorId}/api-keys`, { data: { name: 'e2e' } })
    ).json()) as { key: string }
  ).key;
  const dingtalk = (
    (await (await request.get('/api/admin/dingtalk-connectors')).json()) as {
      items: { id: string; name: string }[];
    }
  ).items.find((c) => c.name === DEMO_CONNECTOR_NAME);
  expect(dingtalk).toBeDefined();
  const saved = await request.put(`/api/admin/connectors/${connectorId}/notices`, {
    data: { dingtalkConnectorId: dingtalk?.id, announce: true, mirrorTodo: false },
  });
  expect(saved.status(), await saved.text()).toBe(200);

  const title = `报销单 ${stamp}`;
  push = async (status) =>
    (
      await request.post('/api/open/v1/instances', {
        headers: { authorization: `Bearer ${key}` },
        data: {
          externalId: `EX-${stamp}`,
          title,
          originator: { email: demoEmployee.email },
          summary: '金额：¥ 1,280；事由：出差',
          status: status === 'done' ? 'completed' : 'running',
          ...(status === 'done' ? { result: 'agree' } : {}),
          updatedAt: new Date().toISOString(),
          tasks: [
            {
              externalTaskId: `EX-${stamp}-1`,
              assignee: { email: demoAdmin.email },
              nodeName: '主管审批',
              status,
              ...(status === 'done' ? { result: 'agree' } : {}),
            },
          ],
        },
      })
    ).status();
  expect(await push('pending')).toBe(200);

  // The work notice as DingTalk shows it to 王敏 (the sandbox recorded the asyncsend_v2 call).
  const notice = await waitForState(
    async () => {
      const all = (await (
        await request.get(`${SANDBOX_URL}/__control/notices?userId=${demoAdmin.username}`)
      ).json()) as Notice[];
      return all.find((n) => n.msg.oa?.body.title.includes(title));
    },
    { what: `the work notice for ${title}` },
  );
  const link = notice?.msg.oa?.message_url ?? '';
  expect(link).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?url=/);

  // The phone: DingTalk client user agent, the workbench tap signs 王敏 in without a password.
  const context = await openDingTalkClient(browser, demoAdmin.username);
  const page = await context.newPage();
  await page.goto(clientUrl(baseURL!, demoAdmin.username));
  await expect(page).toHaveURL(/\/inbox\/pending/, SIGN_IN);
  await expect(page.getByLabel('密码')).toHaveCount(0);

  // She taps the notice: the client opens its dingtalk:// link itself (the sandbox bridge unwraps it).
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = 'notice';
    a.id = 'notice-link';
    // Above the page (the phone's tab bar would take the tap), where the notice card sits in the real client.
    a.style.cssText = 'position:fixed;top:0;left:0;z-index:100000;padding:12px;background:#fff';
    document.body.appendChild(a);
  }, link);
  await page.locator('#notice-link').click();
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/, SIGN_IN);
  await expect(page.getByText(title).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/dingtalk-client-notice-task.png', fullPage: true });

  // She agrees in the phone's sticky action bar.
  await clickStable(page.getByTestId('sticky-action-bar').getByRole('button', { name: /^同\s*意$/ }));
  const dialog = await stableDialog(page);
  await dialog.getByRole('textbox').fill('同意，钉钉内处理');
  await clickStable(dialog.getByRole('button', { name: /提\s*交/ }));

  // The ERP got the action and pushed the new state: the task is done (read through the API).
  const instanceId = new URL(page.url()).pathname.split('/').pop() ?? '';
  const done = await waitForState(() => readInstance(page, instanceId), {
    what: 'the instance completed and 王敏’s task done',
    until: (i) =>
      i.status === 'completed' &&
      i.myTasks.some((t) => t.status === 'done' && t.result === 'agree') &&
      i.myActions.every((a) => a.writeBackStatus === 'confirmed'),
    budget: BUDGET.writeBack,
  });
  expect(done.status).toBe('completed');
  expect(received.length).toBe(1);
  await page.reload();
  await page.screenshot({ path: 'test-results/dingtalk-client-notice-done.png', fullPage: true });
  await context.close();
  server.close();
});
