import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import postgres from 'postgres';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { BASE_URL } from '../playwright.config';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { BUDGET, scaled } from './fixtures/time';
import { waitForState } from './fixtures/wait';

/**
 * Signs in as an employee and as an admin in English and visits every page of the app — enumerated from
 * `app/**\/page.tsx` now, so a new page is crawled without editing this file — and fails on
 *  - a Han character outside user data: text inside `[data-user-content]` is skipped, and a run of Han
 *    characters that occurs anywhere in this server's database (names, titles, form values, source payloads)
 *    is user data; anything else is a UI string that was not translated;
 *  - any console error or uncaught exception (antd's deprecation warnings are console errors in development);
 *  - any request answered 4xx/5xx or failed (an aborted navigation or prefetch is not a failure).
 */

const APP_DIR = path.resolve('app');
/** The language switch names the other language in that language: the one Han string English shows. */
const ALLOWED_HAN = new Set(['中文']);

/** Every page route, as written in the file tree: `/admin/connectors/[connectorId]` (route groups dropped). */
function pageRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSorted(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'api' && segments.length === 0) continue;
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (entry.name === 'page.tsx') {
        found.push(`/${segments.join('/')}`);
      }
    }
  };
  walk(APP_DIR, []);
  return found;
}

function readdirSorted(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
}

type Fillers = Record<string, string[]>;

/** Real values for every dynamic segment, read through the API as the signed-in user. */
async function fillers(request: APIRequestContext, admin: boolean): Promise<Fillers> {
  const json = async <T>(url: string): Promise<T> => {
    const response = await request.get(url);
    expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
    return (await response.json()) as T;
  };
  // The demo seed's instances arrive through the worker: wait until the user has at least one task.
  const tasks = await waitForState(
    async () => {
      const views = ['pending', 'done', 'initiated', 'cc'];
      const lists = await Promise.all(
        views.map((v) => json<{ items: { instanceId: string }[] }>(`/api/tasks?view=${v}&limit=5`)),
      );
      return lists.flatMap((l) => l.items);
    },
    { what: 'a task of the signed-in user', until: (items) => items.length > 0, budget: BUDGET.ingest },
  );
  const startable = await json<{ items: { id: string }[] }>('/api/workflows');
  const out: Fillers = {
    view: ['pending', 'done', 'initiated', 'cc'],
    instanceId: [tasks[0]!.instanceId],
    definitionId: startable.items.slice(0, 1).map((w) => w.id),
  };
  if (!admin) return out;
  const connectors = await json<{ connectors: { id: string; kind: string }[] }>('/api/admin/connectors');
  // One connector of each kind: each kind has its own settings card.
  const byKind = new Map(connectors.connectors.map((c) => [c.kind, c.id]));
  out.connectorId = [...byKind.values()];
  let subscriptions = await json<{ subscriptions: { id: string }[] }>('/api/admin/subscriptions');
  if (subscriptions.subscriptions.length === 0) {
    const created = await request.post('/api/admin/subscriptions', {
      data: {
        kind: 'webhook',
        name: 'Crawler receiver',
        url: 'http://127.0.0.1:9/hooks/crawler',
        eventTypes: ['instance.created'],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    subscriptions = await json('/api/admin/subscriptions');
  }
  out.subscriptionId = subscriptions.subscriptions.slice(0, 1).map((s) => s.id);
  const definitions = await json<{ items: { id: string }[] }>('/api/admin/workflows');
  out.definitionId = [...new Set([...out.definitionId!, ...definitions.items.slice(0, 1).map((d) => d.id)])];
  return out;
}

/** Every concrete URL of a route pattern, each dynamic segment filled with each of its values. */
function expand(route: string, values: Fillers): string[] {
  const match = /\[(\w+)\]/.exec(route);
  if (!match) return [route];
  const options = values[match[1]!];
  if (!options) throw new Error(`No value to fill [${match[1]}] of ${route}: teach e2e/crawler.spec.ts one`);
  return options.flatMap((v) => expand(route.replace(match[0], encodeURIComponent(v)), values));
}

/**
 * Every text and jsonb value in this server's database: what users and sources wrote (names, titles, form
 * values, remarks, payloads). Columns holding our own error messages are left out, so a Chinese server
 * message is still caught.
 */
async function userData(): Promise<string> {
  const port = new URL(BASE_URL).port;
  const url = readFileSync(`.data/e2e/database-${port}.url`, 'utf8').trim();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const columns = await sql<{ table_name: string; column_name: string }[]>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
        AND c.column_name !~* '(error|message)'`;
    const parts: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = await sql.unsafe<{ v: string | null }[]>(
        `SELECT "${column_name}"::text AS v FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
      );
      for (const row of rows) if (row.v && /\p{Script=Han}/u.test(row.v)) parts.push(row.v);
    }
    return parts.join('\u0001');
  } finally {
    await sql.end();
  }
}

/** Runs in the page: its visible strings (text, placeholders, titles, labels) outside user content. */
function pageStrings(): string[] {
  const skip = 'script,style,noscript,template,[data-user-content]';
  const out: string[] = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text && !node.parentElement?.closest(skip)) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],[alt]')) {
    if (el.closest(skip)) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      const value = el.getAttribute(name);
      if (value) out.push(value);
    }
  }
  return out;
}

/** Han runs on the page that are neither user data nor allowed, with the string they were found in. */
function untranslated(strings: string[], data: string): string[] {
  const bad: string[] = [];
  for (const s of strings) {
    for (const [run] of s.matchAll(/\p{Script=Han}+/gu)) {
      if (!ALLOWED_HAN.has(run) && !data.includes(run)) bad.push(`${run}  (in "${s.slice(0, 80)}")`);
    }
  }
  return [...new Set(bad)];
}

type Problems = { console: string[]; requests: string[] };

function watch(page: Page): Problems {
  const problems: Problems = { console: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(`${page.url()}: ${message.text().slice(0, 300)}`);
  });
  page.on('pageerror', (error) => problems.console.push(`${page.url()}: uncaught ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.requests.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // A navigation away cancels the old page's requests and RSC prefetches: that is not a failure.
    if (!reason.includes('ERR_ABORTED')) problems.requests.push(`failed ${request.url()}: ${reason}`);
  });
  return problems;
}

/**
 * Waits until the page shows no spinner or skeleton and its Han text stopped changing (other text may tick,
 * e.g. relative times, and a list may gain a row from another test meanwhile).
 */
async function settled(page: Page): Promise<string[]> {
  let previous = '';
  let strings: string[] = [];
  await expect
    .poll(
      async () => {
        const busy = await page
          .locator('.ant-spin-spinning:visible, .ant-skeleton-active:visible')
          .count()
          .catch(() => 1);
        strings = await page.evaluate(pageStrings);
        const han = [...new Set(strings.flatMap((s) => s.match(/\p{Script=Han}+/gu) ?? []))].sort().join(' ');
        const stable = busy === 0 && han === previous;
        previous = han;
        return stable;
      },
      { message: `${page.url()} to finish loading`, timeout: scaled(BUDGET.ui * 3), intervals: [300, 500] },
    )
    .toBe(true);
  return strings;
}

async function english(context: BrowserContext) {
  await context.addCookies([{ name: LOCALE_COOKIE, value: 'en-US', url: BASE_URL }]);
}

async function crawl(page: Page, urls: string[]) {
  const problems = watch(page);
  let data = await userData();
  const findings: string[] = [];
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
  }
  await page.goto('about:blank');
  expect({ untranslated: findings, ...problems }).toEqual({ untranslated: [], console: [], requests: [] });
}

const ROUTES = pageRoutes();
const PUBLIC = new Set(['/login', '/setup']);
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
  const routes = ROUTES.filter((r) => !PUBLIC.has(r) && !r.startsWith('/admin'));
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
