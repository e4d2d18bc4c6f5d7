import { expect, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { findTasks } from './fixtures/tasks';
import { clickStable } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

test('the demo employee sees the approvals the sandbox org has waiting for them, with a link into DingTalk', async ({
  page,
}) => {
  // 王五 (财务部) approves expenses in the sandbox's demo org; the worker ingests them over Stream.
  await apiSignin(page, 'wangwu');
  await waitForState(() => findTasks(page, '提交的'), {
    what: 'the demo org’s approvals in 王五’s 待我处理',
    until: (rows) => rows.length > 0,
  });
  await page.goto('/inbox/pending');
  const rows = page.getByTestId('inbox-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('提交的');
  await expect(rows.first()).toContainText('钉钉');
  await expect(rows.first().getByRole('link', { name: /钉钉/ })).toHaveAttribute(
    'href',
    // DingTalk's own task link (tasks[].pcUrl), or our side-panel wrapper when DingTalk gives none.
    /^(https:\/\/aflow\.dingtalk\.com\/|dingtalk:\/\/dingtalkclient\/page\/link\?url=)/,
  );
  await clickStable(page.getByRole('menuitem', { name: /我已处理/ }));
  await expect(page.getByRole('heading', { name: /我已处理/ })).toBeVisible();
});

test('an employee only sees their own tasks', async ({ page, playwright, baseURL }) => {
  const other = await playwright.request.newContext({ baseURL });
  await apiSignin(other, 'wangwu');
  const theirs = await waitForState(() => findTasks(other, ''), {
    what: 'tasks in 王五’s 待我处理',
    until: (rows) => rows.length > 0,
  });
  await other.dispose();

  await apiSignin(page, 'liuxing');
  const mine = (await (await page.request.get('/api/tasks?view=pending')).json()).items as { id: string }[];
  expect(mine.filter((r) => theirs.some((t) => t.id === r.id))).toEqual([]);
  expect((await page.request.get('/api/tasks?view=everything')).status()).toBe(400);
  expect(
    (await playwright.request.newContext({ baseURL }).then((c) => c.get('/api/tasks?view=pending'))).status(),
  ).toBe(401);
});

test('the first page of 待我处理 comes with the HTML (server-rendered, no request before the rows show)', async ({
  page,
}) => {
  await apiSignin(page, 'wangwu');
  const rows = await waitForState(() => findTasks(page, '提交的'), {
    what: 'the demo org’s approvals in 王五’s 待我处理',
    until: (found) => found.length > 0,
  });
  // The session cookie, no browser: what the server sends before any script runs.
  const html = await (await page.request.get('/inbox/pending')).text();
  const first = (await (await page.request.get('/api/tasks?view=pending')).json()).items[0] as {
    title: string;
  };
  expect(rows.length).toBeGreaterThan(0);
  expect(html).toContain(first.title);
  expect(html).toContain('data-testid="inbox-row"');

  // In the browser, the rows show without a call to the list API first.
  const listCalls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/tasks') listCalls.push(r.url());
  });
  await page.goto('/inbox/pending');
  await expect(page.getByTestId('inbox-row').first()).toContainText(first.title);
  expect(listCalls).toEqual([]);
});
