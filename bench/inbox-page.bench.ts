/**
 * The inbox page as a person gets it: first load of 待我处理 in Debian's Chromium against a running Huiban
 * (BENCH_APP_URL, default http://localhost:3000, e.g. `npm start`), signed in as a demo user. Reports the
 * time to the first table row and the JavaScript the page downloads (bytes on the wire and decoded), cold
 * and warm (second load, HTTP cache on).
 */
import { chromium } from '@playwright/test';
import { DEMO_PASSWORD } from '@/db/seed-data';
import { type Row, report, round } from './harness';

const BASE = process.env.BENCH_APP_URL ?? 'http://localhost:3000';
const USER = process.env.BENCH_APP_USER ?? 'wangwu';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function run(): Promise<void> {
  const health = await fetch(`${BASE}/api/health`).catch(() => null);
  if (!health?.ok) {
    console.log(
      `\ninbox-page\nnot measured: no Huiban answers at ${BASE} (start one with \`npm start\`, or set BENCH_APP_URL)`,
    );
    return;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const rows: Row[] = [];
  try {
    const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' });
    const csrf = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    await context.request.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, login: USER, password: DEMO_PASSWORD, json: 'true' },
      maxRedirects: 0,
    });
    const page = await context.newPage();
    for (const label of ['cold', 'warm']) {
      let scriptBytes = 0;
      let scriptWire = 0;
      let scripts = 0;
      const client = await context.newCDPSession(page);
      await client.send('Network.enable');
      const types = new Map<string, string>();
      client.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
      client.on('Network.loadingFinished', (e) => {
        if (types.get(e.requestId) !== 'Script') return;
        scripts += 1;
        scriptWire += e.encodedDataLength;
      });
      page.on('response', async (response) => {
        if (response.request().resourceType() !== 'script') return;
        scriptBytes += (await response.body().catch(() => Buffer.alloc(0))).length;
      });
      const started = performance.now();
      await page.goto('/inbox/pending');
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
      const firstRowMs = performance.now() - started;
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          ttfb: nav.responseStart,
          domContentLoaded: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd,
        };
      });
      page.removeAllListeners('response');
      await client.detach();
      rows.push({
        load: label,
        'TTFB ms': round(timing.ttfb, 0),
        'DOMContentLoaded ms': round(timing.domContentLoaded, 0),
        'first row ms': round(firstRowMs, 0),
        scripts,
        'JS on the wire KB': round(scriptWire / 1024, 1),
        'JS decoded KB': round(scriptBytes / 1024, 1),
      });
    }
  } finally {
    await browser.close();
  }
  report('inbox-page', rows, { base: BASE, user: USER });
}
