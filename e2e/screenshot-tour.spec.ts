import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import type { Locale } from '@/lib/i18n/locales';
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
  watch,
} from './fixtures/pages';
import { BUDGET, scaled } from './fixtures/time';
import { waitForState } from './fixtures/wait';

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
/** Pages an employee with no scope is rightly refused (分析): the tour shows them as the admin sees them. */
function refusesPlainEmployee(route: string): boolean {
  const expectation = PAGE_EXPECTATIONS[route];
  return expectation?.auth === 'user' && expectation.own === 403;
}

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
      const wide = [...(await sidewaysOverflow(page)), ...(await squeezedColumns(page))];
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

const TOUR_WORKFLOW = 'tour-expense';

/**
 * The demo seeds DingTalk and Yida requests but no local workflow: publish one (a 报销 form with a
 * money field and one approval) and have the employee start it, so the tour sees the apply form and a
 * local request's detail page. Once per server: a second run finds both.
 */
async function ensureLocalRequest(admin: APIRequestContext, employee: APIRequestContext) {
  const definitions = (await (await admin.get('/api/admin/workflows')).json()) as {
    items: { id: string; key: string }[];
  };
  let id = definitions.items.find((d) => d.key === TOUR_WORKFLOW)?.id;
  if (!id) {
    const users = (await (await admin.get(`/api/users?q=${encodeURIComponent('王敏')}`)).json()) as {
      items: { id: string }[];
    };
    const created = await admin.post('/api/admin/workflows', {
      data: { key: TOUR_WORKFLOW, name: '差旅报销', category: '财务' },
    });
    expect(created.status(), await created.text()).toBe(201);
    id = ((await created.json()) as { id: string }).id;
    const saved = await admin.put(`/api/admin/workflows/${id}`, {
      data: {
        name: '差旅报销',
        category: '财务',
        starters: { all: true },
        draft: {
          form: {
            fields: [
              { key: 'reason', label: '报销事由', type: 'text', required: true },
              { key: 'amount', label: '报销金额', type: 'money', required: true },
            ],
          },
          steps: [
            {
              id: 'lead',
              name: '主管审批',
              kind: 'approval',
              mode: 'sequential',
              assignee: { type: 'users', userIds: [users.items[0]!.id] },
            },
          ],
        },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    expect((await admin.post(`/api/admin/workflows/${id}/publish`)).status()).toBe(200);
  }
  const initiated = async () =>
    ((await (await employee.get('/api/tasks?view=initiated&source=local')).json()) as { items: unknown[] })
      .items.length;
  if ((await initiated()) === 0) {
    const started = await employee.post(`/api/workflows/${id}/instances`, {
      data: { values: { reason: '客户拜访往返高铁', amount: 553.5 } },
    });
    expect(started.status(), await started.text()).toBeLessThan(300);
  }
  await waitForState(initiated, { what: 'the local request in 我发起的', budget: BUDGET.ingest });
}

test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL });
  const employee = await playwright.request.newContext({ baseURL });
  await apiSignin(admin, demoAdmin.username);
  await apiSignin(employee, demoEmployee.username);
  await ensureLocalRequest(admin, employee);
  await admin.dispose();
  await employee.dispose();
});

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
    const routes = ROUTES.filter(
      (r) => !PUBLIC_ROUTES.has(r) && !r.startsWith('/admin') && !refusesPlainEmployee(r),
    );
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
    const routes = ROUTES.filter((r) => r.startsWith('/admin') || refusesPlainEmployee(r));
    await tour(
      page,
      routes.flatMap((r) => expand(r, values)),
      `${locale}-admin`,
    );
  });
}
