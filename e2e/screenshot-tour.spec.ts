import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { Locale } from '@/lib/i18n/locales';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import {
  expand,
  fillers,
  PUBLIC_ROUTES,
  pageRoutes,
  setLocaleCookie,
  settled,
  sidewaysOverflow,
  watch,
} from './fixtures/pages';
import { scaled } from './fixtures/time';

/**
 * The screenshot tour (opt-in: `E2E_TOUR=1 npx playwright test e2e/screenshot-tour.spec.ts`; the config ignores
 * this file otherwise). Every page — enumerated from `app/**\/page.tsx` like the crawler — at 1400 px and 390 px
 * in both languages, employee pages as an employee and admin pages as an admin, saved as full-page PNGs under
 * `.data/tour/` for a person to look at. It also fails on what a look would find mechanically: a page that
 * scrolls sideways on a phone, a console error or antd warning, a failed request.
 */

const OUT_DIR = process.env.E2E_TOUR_DIR ?? '.data/tour';
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1400, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const ROUTES = pageRoutes();
/** /setup is gone (404) once the first admin exists, as in the demo. */
const EXPECTED_404 = new Set(['/setup']);

function slug(url: string): string {
  return url.replace(/^\//, '').replace(/[^\w-]+/g, '_') || 'root';
}

async function tour(page: Page, urls: string[], prefix: string) {
  mkdirSync(OUT_DIR, { recursive: true });
  const problems = watch(page);
  const overflow: string[] = [];
  for (const { name, viewport } of WIDTHS) {
    await page.setViewportSize(viewport);
    for (const url of urls) {
      const response = await page.goto(url);
      if (!EXPECTED_404.has(url)) expect(response?.status() ?? 0, url).toBeLessThan(400);
      await settled(page);
      await page.screenshot({ path: `${OUT_DIR}/${prefix}-${name}-${slug(url)}.png`, fullPage: true });
      const wide = await sidewaysOverflow(page);
      if (wide.length > 0) overflow.push(`${name} ${url}: ${wide.join('; ')}`);
    }
  }
  await page.goto('about:blank');
  const unexpected = (line: string) => ![...EXPECTED_404].some((u) => line.includes(u));
  expect({
    overflow,
    console: problems.console.filter(unexpected),
    requests: problems.requests.filter(unexpected),
  }).toEqual({ overflow: [], console: [], requests: [] });
}

for (const locale of LOCALES) {
  test(`tour ${locale}: the public pages`, async ({ page }) => {
    await setLocaleCookie(page.context(), locale);
    await tour(
      page,
      ROUTES.filter((r) => PUBLIC_ROUTES.has(r)),
      `${locale}-public`,
    );
  });

  test(`tour ${locale}: an employee's pages`, async ({ page }) => {
    test.setTimeout(scaled(400_000));
    await setLocaleCookie(page.context(), locale);
    await apiSignin(page, demoEmployee.username);
    const values = await fillers(page.request, false);
    const routes = ROUTES.filter((r) => !PUBLIC_ROUTES.has(r) && !r.startsWith('/admin'));
    await tour(
      page,
      routes.flatMap((r) => expand(r, values)),
      `${locale}-employee`,
    );
  });

  test(`tour ${locale}: the admin pages`, async ({ page }) => {
    test.setTimeout(scaled(600_000));
    await setLocaleCookie(page.context(), locale);
    await apiSignin(page, demoAdmin.username);
    const values = await fillers(page.request, true);
    const routes = ROUTES.filter((r) => r.startsWith('/admin'));
    await tour(
      page,
      routes.flatMap((r) => expand(r, values)),
      `${locale}-admin`,
    );
  });
}
