import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { PAGE_EXPECTATIONS } from '@/lib/testing/page-expectations';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import {
  expand,
  fillers,
  PUBLIC_ROUTES,
  pageRoutes,
  setLocaleCookie,
  settled,
  sidewaysOverflow,
  squeezedColumns,
  untranslated,
  userData,
  watch,
} from './fixtures/pages';
import { scaled } from './fixtures/time';

/**
 * Signs in as an employee and as an admin in English and visits every page of the app — enumerated from
 * `app/**\/page.tsx` now, so a new page is crawled without editing this file — and fails on
 *  - a Han character outside user data: text inside `[data-user-content]` is skipped, and a run of Han
 *    characters that occurs anywhere in this server's database (names, titles, form values, source payloads)
 *    is user data; anything else is a UI string that was not translated;
 *  - any console error or uncaught exception, and any antd warning (`[antd: X] … is deprecated`, printed by
 *    development builds: run the crawler against `next dev` to check them);
 *  - any request answered 4xx/5xx or failed (an aborted navigation or prefetch is not a failure);
 *  - a page that scrolls sideways at 390 px, or a table squeezed narrower than its column titles (each page is
 *    looked at again at a phone's width).
 */

async function english(context: BrowserContext) {
  await setLocaleCookie(context, 'en-US');
}

/** An iPhone 13's CSS width, the narrowest the layout promises to fit. */
const PHONE = { width: 390, height: 844 };

async function crawl(page: Page, urls: string[]) {
  const problems = watch(page);
  let data = await userData();
  const findings: string[] = [];
  const overflow: string[] = [];
  const desktop = page.viewportSize()!;
  for (const url of urls) {
    const response = await page.goto(url);
    expect(response?.status() ?? 0, url).toBeLessThan(400);
    const strings = await settled(page);
    let bad = untranslated(strings, data);
    if (bad.length > 0) {
      // The worker may have stored new data since the last read (a task that arrived meanwhile).
      data = await userData();
      bad = untranslated(strings, data);
    }
    if (bad.length > 0) findings.push(`${url}\n    ${bad.join('\n    ')}`);
    // Reported as it is found, so a run cut short by its time budget still names what it saw.
    expect.soft(bad, `untranslated on ${url}`).toEqual([]);
    // The same page on a phone: nothing may reach past the screen's edge (a sideways-scrolling page).
    await page.setViewportSize(PHONE);
    await settled(page);
    const wide = [...(await sidewaysOverflow(page)), ...(await squeezedColumns(page))];
    if (wide.length > 0) overflow.push(`${url}: ${wide.join('; ')}`);
    expect.soft(wide, `sideways scroll at ${PHONE.width} px on ${url}`).toEqual([]);
    await page.setViewportSize(desktop);
  }
  await page.goto('about:blank');
  expect({ untranslated: findings, overflow, ...problems }).toEqual({
    untranslated: [],
    overflow: [],
    console: [],
    requests: [],
  });
}

const ROUTES = pageRoutes();

function refusesPlainEmployee(route: string): boolean {
  const expectation = PAGE_EXPECTATIONS[route];
  return expectation?.auth === 'user' && expectation.own === 403;
}
const PUBLIC = PUBLIC_ROUTES;
/** /setup is gone (404) once the first admin exists, as in the demo: that answer is expected, nothing else. */
const EXPECTED_404 = ['/setup'];

test('every route is found', () => {
  expect(ROUTES).toEqual(expect.arrayContaining(['/inbox/[view]', '/admin', '/docs/api', '/login']));
});

test('signed out, the public pages are English in English', async ({ page }) => {
  await english(page.context());
  const problems = watch(page);
  const data = await userData();
  for (const url of ROUTES.filter((r) => PUBLIC.has(r))) {
    const response = await page.goto(url);
    if (EXPECTED_404.includes(url)) expect(response?.status()).toBe(404);
    expect(untranslated(await settled(page), data), url).toEqual([]);
  }
  const unexpected = (line: string) =>
    !EXPECTED_404.some((u) => line.includes(`${u}: Failed to load resource`));
  expect(problems.console.filter(unexpected)).toEqual([]);
  expect(problems.requests.filter((r) => !EXPECTED_404.some((u) => r.endsWith(u)))).toEqual([]);
});

test('an employee sees every page in English, without errors', async ({ page }) => {
  test.setTimeout(scaled(180_000));
  await english(page.context());
  await apiSignin(page, demoEmployee.username);
  const values = await fillers(page.request, false);
  // Not the admin pages, nor pages whose rightful answer to an employee with no scope is 403 (分析 without a
  // department to see): the access matrix checks those answers.
  const routes = ROUTES.filter((r) => !PUBLIC.has(r) && !r.startsWith('/admin') && !refusesPlainEmployee(r));
  await crawl(
    page,
    routes.flatMap((r) => expand(r, values)),
  );
});

for (const [part, isAdminRoute] of [
  ['the admin pages', true],
  ['the task pages', false],
] as const) {
  test(`an admin sees ${part} in English, without errors`, async ({ page }) => {
    test.setTimeout(scaled(300_000));
    await english(page.context());
    await apiSignin(page, demoAdmin.username);
    const values = await fillers(page.request, true);
    const routes = ROUTES.filter((r) => !PUBLIC.has(r) && r.startsWith('/admin') === isAdminRoute);
    await crawl(
      page,
      routes.flatMap((r) => expand(r, values)),
    );
  });
}
