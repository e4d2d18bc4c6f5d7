import { expect, type Page, test } from '@playwright/test';
import { apiSignin, switchUser } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { inboxRow, waitForInstance, waitForTask } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable } from './fixtures/ui';

/** Markup that would run or inject an element if any page rendered stored text as HTML. */
const payload = (where: string) =>
  `<img src=x onerror="window.__xss='${where}'"><script>window.__xss='${where}'</script><b id="injected-${where}">粗</b>`;

/** Fails the test on any dialog; records whether an injected handler ran. */
function watch(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

async function assertInert(page: Page, dialogs: string[]) {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
  await expect(page.locator('[id^="injected-"]')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

test('stored HTML in titles, form values, remarks and file names renders as text, never as markup', async ({
  page,
  request,
}) => {
  test.setTimeout(scaled(180_000));
  const run = Date.now().toString(36);
  const title = `XSS-${run} ${payload('title')}`;
  // An expense started "in DingTalk" by 陈二 for 吴十, hostile everywhere the source lets text in.
  const processInstanceId = await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'chener',
    approver: 'wushi',
    title,
    form: { 报销事由: payload('form'), '报销金额（元）': '<svg onload="window.__xss=1">12' },
    files: [{ fileName: `${payload('file').replaceAll('/', '')}.txt`, text: 'plain bytes' }],
  });
  const commented = await request.post(`${SANDBOX_URL}/__control/instances/${processInstanceId}/act`, {
    data: { userId: 'chener', action: 'comment', remark: payload('remark') },
  });
  expect(commented.ok(), await commented.text()).toBe(true);

  const dialogs = watch(page);
  await apiSignin(page, 'wushi');
  const task = await waitForTask(page, `XSS-${run}`);
  // The comment is a later event: wait until the worker has it, so the instance page renders it at once.
  await waitForInstance(page, task.instanceId, 'the hostile comment in the log', (i) =>
    i.logs.some((l) => l.remark?.includes(`window.__xss='remark'`)),
  );
  await page.goto('/inbox/pending');
  const row = inboxRow(page, `XSS-${run}`);
  await expect(row).toBeVisible();
  // The markup is there as visible text.
  await expect(row).toContainText(`onerror="window.__xss='title'"`);
  await assertInert(page, dialogs);

  await clickStable(row.getByRole('link', { name: new RegExp(`XSS-${run}`) }));
  await expect(page.getByRole('heading', { name: new RegExp(`XSS-${run}`) })).toBeVisible();
  await expect(page.getByText(`window.__xss='form'`, { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId('log-step').filter({ hasText: `window.__xss='remark'` })).toBeVisible();
  await expect(page.getByTestId('attachment').filter({ hasText: `window.__xss='file'` })).toBeVisible();
  await assertInert(page, dialogs);
  await page.screenshot({ path: 'test-results/xss-instance.png', fullPage: true });

  // Other views that list the same instance: 我发起的 for the originator.
  await switchUser(page, 'chener');
  await waitForTask(page, `XSS-${run}`, { view: 'initiated' });
  await page.goto('/inbox/initiated');
  await expect(inboxRow(page, `XSS-${run}`)).toBeVisible();
  await assertInert(page, dialogs);
});

test('the browser keeps the session cookie HttpOnly and SameSite=Lax; signing out kills a copied cookie', async ({
  page,
  playwright,
  baseURL,
}) => {
  await apiSignin(page, 'wushi');
  const session = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  await page.goto('/inbox/pending');
  expect(await page.evaluate(() => document.cookie)).not.toContain('session-token');

  // Someone copies the cookie…
  const thief = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `${session?.name}=${session?.value}` },
  });
  expect((await thief.get('/api/tasks?view=pending')).status()).toBe(200);

  // …the owner signs out through the menu…
  await clickStable(page.getByTestId('user-menu'));
  await clickStable(page.getByText('退出登录'));
  await page.waitForURL(/\/login/);

  // …and the copy is dead.
  const after = await thief.get('/api/tasks?view=pending');
  expect(after.status()).toBe(401);
  await thief.dispose();
});

test('a cross-site write with the session cookie is refused', async ({ page }) => {
  await apiSignin(page, 'wushi');
  const forged = await page.request.post('/api/me/views', {
    data: { name: '跨站', view: 'pending' },
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  expect(forged.status()).toBe(403);
  expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  const own = await page.request.post('/api/me/views', {
    data: { name: `同源-${Date.now().toString(36)}`, view: 'pending' },
  });
  expect(own.status()).toBe(200);
});
