import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { DEMO_CONNECTOR_NAME } from '@/db/seed-data';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { waitForWriteBack } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable, stableDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

type Notice = {
  taskId: number;
  msg: { oa?: { message_url: string; body: { title: string } } };
  statusBar?: { status_value: string };
};

/**
 * Every open-API task announced in DingTalk: the other system pushes a task, the assignee's work notice (read from
 * the sandbox, as DingTalk would show it) carries a dingtalk://…page/link whose url opens the Huiban task; the
 * assignee agrees there on a phone-sized screen, and once the other system confirms, the notice's status bar says
 * 已同意.
 */
test('a work notice’s link opens the task in Huiban, the assignee agrees there, the status bar follows', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(scaled(150_000));
  const stamp = Date.now().toString(36);
  await apiSignin(page, demoAdmin.username);

  // An ERP connector whose tasks are announced through the demo DingTalk app; its callback accepts every action.
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  const created = await page.request.post('/api/admin/connectors', {
    data: { kind: 'api', name: `ERP 通知 ${stamp}`, callbackUrl },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connectorId = ((await created.json()) as { id: string }).id;
  const key = (
    (await (
      await page.request.post(`/api/admin/connectors/${connectorId}/api-keys`, { data: { name: 'e2e' } })
    ).json()) as { key: string }
  ).key;
  const dingtalk = (
    (await (await page.request.get('/api/admin/dingtalk-connectors')).json()) as {
      items: { id: string; name: string }[];
    }
  ).items.find((c) => c.name === DEMO_CONNECTOR_NAME);
  expect(dingtalk).toBeDefined();
  const saved = await page.request.put(`/api/admin/connectors/${connectorId}/notices`, {
    data: { dingtalkConnectorId: dingtalk?.id, announce: true, mirrorTodo: false },
  });
  expect(saved.status(), await saved.text()).toBe(200);

  // The ERP pushes a purchase order for the demo admin (whose DingTalk account the demo links).
  const title = `采购单 ${stamp}`;
  const push = (status: 'pending' | 'done') =>
    page.request.post('/api/open/v1/instances', {
      headers: { authorization: `Bearer ${key}` },
      data: {
        externalId: `PO-${stamp}`,
        title,
        originator: { email: demoEmployee.email },
        summary: '金额：¥ 56,000；供应商：东方',
        status: status === 'done' ? 'completed' : 'running',
        updatedAt: new Date().toISOString(),
        tasks: [
          {
            externalTaskId: `PO-${stamp}-1`,
            assignee: { email: demoAdmin.email },
            nodeName: '部门审批',
            status,
            ...(status === 'done' ? { result: 'agree' } : {}),
          },
        ],
      },
    });
  expect((await push('pending')).status()).toBe(200);

  const noticeOf = async () => {
    const all = (await (
      await page.request.get(`${SANDBOX_URL}/__control/notices?userId=${demoAdmin.username}`)
    ).json()) as Notice[];
    return all.find((n) => n.msg.oa?.body.title.includes(title));
  };
  const notice = (await waitForState(noticeOf, { what: `the work notice for ${title}` })) as Notice;
  expect(notice.statusBar ?? { status_value: '待处理' }).toMatchObject({ status_value: '待处理' });
  const link = new URL(notice.msg.oa?.message_url ?? '');
  expect(`${link.protocol}//${link.host}${link.pathname}`).toBe('dingtalk://dingtalkclient/page/link');
  const target = new URL(link.searchParams.get('url') ?? '');
  expect(target.origin).toBe(new URL(baseURL ?? '').origin);
  expect(target.pathname).toMatch(/^\/instances\/[0-9a-f-]{36}$/);

  // The phone opens the link inside DingTalk: the task page, where the assignee agrees.
  const phone = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const phonePage = await phone.newPage();
  await apiSignin(phonePage, demoAdmin.username);
  await phonePage.goto(target.pathname);
  await expect(phonePage.getByText(title).first()).toBeVisible();
  await phonePage.screenshot({ path: '/tmp/task-notice-link.png', fullPage: true });
  // On a phone the actions sit in the sticky bar at the bottom.
  await clickStable(phonePage.getByTestId('sticky-action-bar').getByRole('button', { name: /^同\s*意$/ }));
  const dialog = await stableDialog(phonePage);
  await dialog.getByRole('textbox').fill('同意');
  await clickStable(dialog.getByRole('button', { name: /提\s*交/ }));
  await waitForWriteBack(phonePage);
  // The person's own switch for these notices, in the user menu (a phone-sized dialog).
  await phonePage.getByTestId('user-menu').click();
  await phonePage.getByTestId('menu-notice-prefs').click();
  await expect(phonePage.getByTestId('notice-pref-switch')).toBeChecked();
  await phonePage.screenshot({ path: '/tmp/task-notice-prefs.png' });
  await phone.close();
  server.close();

  // The ERP records the approval and pushes its new state: the notice's status bar now says so.
  expect((await push('done')).status()).toBe(200);
  const closed = await waitForState(noticeOf, {
    what: 'the notice status bar 已同意',
    until: (n) => n?.statusBar?.status_value === '已同意',
  });
  expect(closed?.taskId).toBe(notice.taskId);

  // The health page counts it for this connector.
  await page.goto('/admin/health');
  await expect(page.getByTestId('notice-stats')).toContainText(`ERP 通知 ${stamp}`);
  await page.screenshot({ path: '/tmp/task-notice-health.png', fullPage: true });
});
