import { expect, type Page, test } from '@playwright/test';
import { apiSignin, switchUser } from './fixtures/auth';
import { setLocaleCookie } from './fixtures/pages';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { inboxRow, submitAction, waitForInstance, waitForTask, waitForTaskGone } from './fixtures/tasks';
import { clickStable } from './fixtures/ui';

test.use({ viewport: { width: 1400, height: 900 } });

/** Screenshots for a person to look at, only when SHOTS_DIR is set (never part of what is asserted). */
async function shot(page: Page, name: string) {
  if (process.env.SHOTS_DIR)
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png`, fullPage: true });
}

// 代理: 吴十 (wushi) names 郑一 (zhengyi) as delegate; 郑一 approves 吴十's task; DingTalk records it as 吴十's.
test('a delegate sees "代 …" in 待我处理, approves once in the assignee’s name, and the assignee no longer has it', async ({
  page,
}) => {
  // Three sign-ins, a write-back and DingTalk's round trip: slower than the default budget on a loaded machine.
  test.slow();
  const title = `代理审批-${Date.now().toString(36)}`;
  await apiSignin(page, 'wushi');
  const processInstanceId = await startDingTalkInstance(page.request, {
    processCode: 'PROC-DEMO-PURCHASE',
    originator: 'qianqi',
    approver: 'wushi',
    title,
  });
  const task = await waitForTask(page, title);

  // The assignee sets the delegate from the user menu (the window defaults to now → a week).
  await page.goto('/inbox/pending');
  await clickStable(page.getByTestId('user-menu'));
  await clickStable(page.getByTestId('menu-delegation'));
  await expect(page).toHaveURL(/\/delegation$/);
  const form = page.getByTestId('delegation-form');
  await form.getByLabel('代理人').fill('郑一');
  await clickStable(page.locator('.ant-select-item-option', { hasText: '郑一' }));
  await clickStable(page.getByTestId('delegation-save'));
  const row = page.getByTestId('delegation-row').filter({ hasText: '郑一' });
  await expect(row).toContainText('吴十');
  await expect(row.getByTestId('delegation-state')).toHaveText('生效中');
  await shot(page, 'delegation-1400-zh');

  try {
    // The delegate has the (already waiting) task, marked for the assignee.
    await switchUser(page, 'zhengyi');
    const held = await waitForTask(page, title);
    expect(held).toMatchObject({ id: task.id, onBehalfOfName: '吴十' });
    await page.goto('/inbox/pending');
    await expect(inboxRow(page, title).getByTestId('delegated-for')).toHaveText(/代 吴十/);
    await shot(page, 'inbox-delegate-1400-zh');
    await clickStable(inboxRow(page, title).getByRole('link', { name: title }));
    await expect(page.getByTestId('delegated-holding')).toContainText('吴十');
    await shot(page, 'instance-delegate-1400-zh');
    await submitAction(page, /^同\s*意$/, '已核对');
    await waitForInstance(
      page,
      task.instanceId,
      'the instance completed at DingTalk',
      (i) => i.status === 'completed' && i.myActions.every((a) => a.writeBackStatus === 'confirmed'),
    );
    await expect(page.getByTestId('acted-by-delegate')).toContainText('由 郑一 代 吴十 处理');

    // DingTalk holds it as 吴十's decision, with 郑一 in the remark.
    const instance = (await (
      await page.request.get(`${SANDBOX_URL}/__control/instances/${processInstanceId}`)
    ).json()) as {
      operationRecords: { userId: string; remark?: string }[];
    };
    expect(instance.operationRecords).toContainEqual(
      expect.objectContaining({ userId: 'wushi', remark: '由 郑一 代为处理：已核对' }),
    );

    // The assignee no longer has it; 我已处理 says who handled it for them.
    await switchUser(page, 'wushi');
    await waitForTaskGone(page, title);
    await waitForTask(page, title, { view: 'done' });
    await page.goto('/inbox/done');
    await expect(inboxRow(page, title).getByTestId('delegated-by')).toContainText('由 郑一 代为处理');
    await shot(page, 'done-assignee-1400-zh');
  } finally {
    // Leave no delegation behind for other specs that use these people.
    await switchUser(page, 'wushi');
    const mine = (await (await page.request.get('/api/me/delegations')).json()) as {
      items: { id: string; principal: { name: string }; state: string }[];
    };
    for (const d of mine.items.filter((x) => x.principal.name === '吴十' && x.state !== 'ended'))
      expect((await page.request.delete(`/api/me/delegations/${d.id}`)).status()).toBe(204);
  }
});

test('delegation refuses oneself with a reason and nothing changes', async ({ page }) => {
  const me = await apiSignin(page, 'wushi');
  const now = Date.now();
  const answer = await page.request.post('/api/me/delegations', {
    data: {
      delegateUserId: me,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    },
  });
  expect(answer.status()).toBe(400);
  expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
    '不能把待办委托给自己',
  );
  const reversed = await page.request.post('/api/me/delegations', {
    data: {
      delegateUserId: me,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now - 1).toISOString(),
    },
  });
  expect(reversed.status()).toBe(400);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('the delegation page is reached from the user menu and fits the screen', async ({ page }) => {
    await apiSignin(page, 'wushi');
    await page.goto('/inbox/pending');
    await clickStable(page.getByTestId('user-menu'));
    await clickStable(page.getByTestId('menu-delegation'));
    await expect(page.getByTestId('delegation-form')).toBeVisible();
    await shot(page, 'delegation-390-zh');
    await setLocaleCookie(page.context(), 'en-US');
    await page.reload();
    await expect(page.getByTestId('delegation-form')).toContainText('Delegate');
    await shot(page, 'delegation-390-en');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
