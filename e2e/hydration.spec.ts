import { expect, test } from '@playwright/test';
import type { Locale } from '@/lib/i18n/locales';
import { apiSignin, demoEmployee } from './fixtures/auth';
import { setLocaleCookie, settled, watch } from './fixtures/pages';
import { scaled } from './fixtures/time';

/**
 * The server renders every page before the browser hydrates it; any difference between the two trees is a
 * hydration mismatch (React logs it as a console error and re-renders the page on the client). What differs
 * between them is the environment: the browser's time zone, its clock, the window size. So the inbox lists are
 * opened from a browser in time zones on both sides of the server's, with and without filters in the URL, in
 * both languages, and must log no error.
 */
const ZONES = ['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'];
const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const URLS = [
  '/inbox/pending',
  '/inbox/pending?receivedFrom=2026-01-01&receivedTo=2026-01-31&dueFrom=2026-02-01&overdue=1',
  '/inbox/done?status=done&sort=updated',
  '/inbox/initiated?receivedFrom=2026-03-01&q=%E6%8A%A5%E9%94%80',
  '/inbox/cc?unread=1',
];

// Each test only reads what the demo seed gave the employee: they may run on different workers at once, so this
// file's four long tests do not queue behind each other on one.
test.describe.configure({ mode: 'parallel' });

for (const timezoneId of ZONES) {
  test.describe(`a browser in ${timezoneId}`, () => {
    test.use({ timezoneId });

    test('the inbox lists hydrate without a mismatch, in both languages', async ({ page }) => {
      test.setTimeout(scaled(300_000));
      await apiSignin(page, demoEmployee.username);
      const problems = watch(page);
      for (const locale of LOCALES) {
        await setLocaleCookie(page.context(), locale);
        for (const url of URLS) {
          await page.goto(url);
          await settled(page);
          // The list itself (client-fetched) has rendered: times and dates are on the page.
          await expect(
            page.locator('.ant-table, [data-testid="inbox-table"], [data-testid="inbox-cards"]').first(),
          ).toBeVisible();
          // Per page, so a run cut short still says where a mismatch was.
          expect.soft(problems.console, `console errors after ${locale} ${url}`).toEqual([]);
        }
      }
      await page.goto('about:blank');
      expect(problems).toEqual({ console: [], requests: [] });
    });
  });
}

/**
 * The mismatch a user saw once: relative times ("3 分钟前") rendered on the server to its clock and again while
 * hydrating to the browser's. A phone whose clock is off (or a 45-s threshold crossed between the two renders)
 * gave different text. Now both renders count to the server's clock (`asOf` of the answer) until hydrated.
 */
test('a browser whose clock is days off hydrates the inbox without a mismatch', async ({ page }) => {
  test.setTimeout(scaled(120_000));
  await apiSignin(page, demoEmployee.username);
  await page.clock.setSystemTime(Date.now() + 3 * 24 * 3600_000);
  const problems = watch(page);
  for (const locale of LOCALES) {
    await setLocaleCookie(page.context(), locale);
    for (const url of ['/inbox/pending', '/inbox/initiated']) {
      await page.goto(url);
      await settled(page);
      await expect(
        page.locator('.ant-table, [data-testid="inbox-table"], [data-testid="inbox-cards"]').first(),
      ).toBeVisible();
      expect.soft(problems.console, `console errors after ${locale} ${url}`).toEqual([]);
    }
  }
  await page.goto('about:blank');
  expect(problems).toEqual({ console: [], requests: [] });
});
