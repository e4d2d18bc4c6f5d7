import { devices, expect, type Locator, type Page, type Route, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { findTasks } from './fixtures/tasks';
import { checkStable } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

/**
 * The inbox's first page comes rendered with the HTML, so a person sees it, and clicks it, before React has
 * hydrated it. These specs hold back every script of the page (the held requests are answered only after the
 * click), so the click is certainly made before hydration: the row must still open its task.
 */

/** Holds every JavaScript chunk the page asks for until `release()`; afterwards chunks load normally. */
async function holdScripts(page: Page) {
  const held: Route[] = [];
  let holding = true;
  await page.route(/\/_next\/static\/.*\.js(\?|$)/, (route) => {
    if (holding) held.push(route);
    else void route.continue();
  });
  return {
    held: () => held.length,
    async release() {
      holding = false;
      // The document that asked for them may be gone (the click navigated): answering is then a no-op.
      for (const route of held.splice(0)) await route.continue().catch(() => undefined);
    },
  };
}

/** Whether React has attached itself to the element (it has not while the scripts are held). */
function isHydrated(target: Locator): Promise<boolean> {
  return target.evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactFiber$')));
}

async function firstPendingTask(page: Page) {
  await apiSignin(page, 'wangwu');
  const rows = await waitForState(() => findTasks(page, '提交的'), {
    what: 'the demo org’s approvals in 王五’s 待我处理',
    until: (found) => found.length > 0,
  });
  return rows[0]!;
}

test('desktop: a click on a row title before hydration opens the task; controls that need React wait for it', async ({
  page,
}) => {
  const task = await firstPendingTask(page);
  const scripts = await holdScripts(page);
  await page.goto('/inbox/pending', { waitUntil: 'domcontentloaded' });

  const row = page.getByTestId('inbox-row').filter({ hasText: task.title }).first();
  const title = row.getByRole('link', { name: task.title });
  await expect(title).toHaveAttribute('href', `/instances/${task.instanceId}`);
  expect(scripts.held()).toBeGreaterThan(0);
  expect(await isHydrated(title)).toBe(false);
  // Nothing could handle these yet: disabled rather than swallowing the click.
  await expect(page.getByRole('button', { name: '批量同意' })).toBeDisabled();
  await expect(row.getByRole('checkbox')).toBeDisabled();

  await title.click();
  await scripts.release();
  await expect(page).toHaveURL(new RegExp(`/instances/${task.instanceId}$`));
  await expect(page.getByText(task.title).first()).toBeVisible();

  // Hydrated, the list behaves as before: the controls enable, a checkbox follows the process's batch setting
  // (the demo's processes are not batch-approvable: greyed, with the reason on hover), the keyboard opens a row.
  await page.goto('/inbox/pending');
  await expect(page.getByLabel('搜索标题、流程、发起人、表单摘要')).toBeEnabled();
  const hydratedRow = page.getByTestId('inbox-row').filter({ hasText: task.title }).first();
  const checkbox = hydratedRow.getByRole('checkbox');
  if (task.isBatchApprovable) {
    await checkStable(checkbox);
    await expect(page.getByRole('button', { name: '批量同意' })).toBeEnabled();
  } else {
    await expect(checkbox).toBeDisabled();
    await expect(hydratedRow.getByTestId('batch-disabled-reason')).toBeVisible();
  }
  expect(await isHydrated(hydratedRow.getByRole('link', { name: task.title }))).toBe(true);
  const firstHref = await page
    .getByTestId('inbox-row')
    .first()
    .getByRole('link')
    .first()
    .getAttribute('href');
  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`${firstHref}$`));
});

test.describe('on a phone', () => {
  // iPhone 13 (390 px, touch, its user agent) in the config's Chromium, as in phone.spec.ts.
  const { defaultBrowserType: _webkit, ...iPhone } = devices['iPhone 13'];
  test.use(iPhone);

  test('the cards are in the server-rendered page and a tap before hydration opens the task', async ({
    page,
  }) => {
    const task = await firstPendingTask(page);
    const scripts = await holdScripts(page);
    await page.goto('/inbox/pending', { waitUntil: 'domcontentloaded' });

    // The server guessed the phone layout from the user agent: cards, not the desktop table squeezed to 390 px.
    const card = page.getByTestId('inbox-card').filter({ hasText: task.title }).first();
    await expect(card).toHaveAttribute('href', `/instances/${task.instanceId}`);
    await expect(page.getByTestId('inbox-table')).toHaveCount(0);
    expect(await isHydrated(card)).toBe(false);
    await expect(page.getByTestId('filter-sheet-button')).toBeDisabled();

    await card.tap();
    await scripts.release();
    await expect(page).toHaveURL(new RegExp(`/instances/${task.instanceId}$`));
    await expect(page.getByText(task.title).first()).toBeVisible();
  });
});
