import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { DEMO_CORP_ID, DEMO_DINGTALK_APP, DEMO_YIDA_APP } from '@/db/seed-data';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { scaled } from './fixtures/time';
import { waitForState } from './fixtures/wait';

const SOME_ID = '00000000-0000-4000-8000-000000000000';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every route file under app/api/admin, read from the file system: new admin routes are covered as they appear. */
function adminRoutes(): { file: string; path: string; methods: string[] }[] {
  const root = path.join(process.cwd(), 'app/api/admin');
  const out: { file: string; path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'route.ts') {
        const source = readFileSync(full, 'utf8');
        const methods = METHODS.filter((m) =>
          new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source),
        );
        const rel = path.relative(path.join(process.cwd(), 'app'), path.dirname(full)).split(path.sep);
        out.push({ file: path.relative(process.cwd(), full), path: `/${rel.join('/')}`, methods });
      }
    }
  };
  walk(root);
  return out;
}

/** A concrete URL for a route path: every dynamic segment gets an id (the connector's where one is given). */
function urlOf(routePath: string, ids: Record<string, string> = {}): string {
  return routePath.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, _rest, name: string) => ids[name] ?? SOME_ID);
}

async function call(request: APIRequestContext, method: string, url: string) {
  return request.fetch(url, {
    method,
    ...(method === 'GET' || method === 'DELETE' ? {} : { data: {} }),
    maxRedirects: 0,
  });
}

test('every admin API answers 401 to an anonymous caller and 403 to an employee, for every method', async ({
  playwright,
  baseURL,
}) => {
  const routes = adminRoutes();
  // The operations console's routes are among them (the suite really enumerates the tree).
  expect(routes.map((r) => r.path)).toEqual(
    expect.arrayContaining(['/api/admin/events', '/api/admin/operations', '/api/admin/audit/export']),
  );
  expect(routes.every((r) => r.methods.length > 0)).toBe(true);

  const anonymous = await playwright.request.newContext({ baseURL });
  const employee = await playwright.request.newContext({ baseURL });
  await apiSignin(employee, demoEmployee.username);
  try {
    for (const r of routes) {
      for (const method of r.methods) {
        const url = urlOf(r.path);
        const anon = await call(anonymous, method, url);
        expect(anon.status(), `anonymous ${method} ${url} (${r.file})`).toBe(401);
        expect((await anon.json()).error.code).toBe('unauthorized');
        const emp = await call(employee, method, url);
        expect(emp.status(), `employee ${method} ${url} (${r.file})`).toBe(403);
        expect((await emp.json()).error.code).toBe('forbidden');
      }
    }
    // The admin pages too (server-checked in the admin layout).
    for (const page of [
      '/admin/health',
      '/admin/events',
      '/admin/tasks',
      '/admin/audit',
      '/admin/same-approval',
    ]) {
      expect((await employee.get(page)).status(), page).toBe(403);
    }
  } finally {
    await anonymous.dispose();
    await employee.dispose();
  }
});

test('no response body and no log line carries a connector secret', async ({ page, playwright, baseURL }) => {
  test.setTimeout(scaled(120_000));
  const marker = `e2e-planted-${Date.now()}`;
  const planted = {
    clientSecret: `${marker}-client-secret`,
    aesKey: `${marker}-aes`.padEnd(43, 'K').slice(0, 43),
    callbackToken: `${marker}-token`,
  };
  await apiSignin(page, demoAdmin.username);
  const created = await page.request.post('/api/admin/connectors', {
    data: {
      name: `e2e 密钥检查 ${marker}`,
      corpId: DEMO_CORP_ID,
      clientId: `${marker}-client`,
      deliveryMode: 'http',
      ...planted,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connectorId = ((await created.json()) as { id: string }).id;
  // Make the server use the secrets: a connection test (fails at the sandbox: unknown app) and a resync.
  await page.request.post(`/api/admin/connectors/${connectorId}/test`, { data: {} });
  const resync = await page.request.post('/api/admin/operations', {
    data: { kind: 'resync', params: { connectorId, instanceExternalId: `PI-${marker}` } },
  });
  expect(resync.status()).toBe(202);

  const bodies: string[] = [];
  const events = (await (await page.request.get('/api/admin/events?pageSize=5')).json()) as {
    items: { id: string }[];
  };
  const ids = { connectorId, eventId: events.items[0]?.id ?? SOME_ID };
  for (const r of adminRoutes()) {
    if (!r.methods.includes('GET')) continue;
    const response = await page.request.get(urlOf(r.path, ids));
    // 502 is the honest answer of routes that read from DingTalk with this connector's made-up credentials
    // (e.g. a template's components); any other 5xx is a bug.
    expect(response.status() < 500 || response.status() === 502, `${r.path}: ${response.status()}`).toBe(
      true,
    );
    bodies.push(`${r.path}: ${await response.text()}`);
  }
  for (const p of [
    '/admin/health',
    '/admin/events',
    '/admin/tasks',
    '/admin/audit',
    `/admin/connectors/${connectorId}`,
  ]) {
    bodies.push(`${p}: ${await (await page.request.get(p)).text()}`);
  }
  // And what employees and monitors see.
  bodies.push(await (await page.request.get('/api/health')).text());
  const employee = await playwright.request.newContext({ baseURL });
  await apiSignin(employee, demoEmployee.username);
  for (const p of ['/api/tasks?view=pending', '/api/tasks/counts', '/api/me/views', '/inbox/pending']) {
    bodies.push(`${p}: ${await (await employee.get(p)).text()}`);
  }
  await employee.dispose();

  const secrets = [...Object.values(planted), DEMO_DINGTALK_APP.clientSecret, DEMO_YIDA_APP.systemToken];
  for (const body of bodies) {
    for (const secret of secrets)
      expect(body.includes(secret), `${secret} in ${body.slice(0, 80)}`).toBe(false);
  }

  // The server's log (web, worker and sandbox; e2e/start-server.ts writes it), after the calls above.
  const logPath = path.join(process.cwd(), `.data/e2e/server-${process.env.E2E_PORT ?? '3100'}.log`);
  // The resync's failed re-fetch (the sandbox does not know the app) is logged by the worker: wait for it.
  const logText = await waitForState(async () => readFileSync(logPath, 'utf8'), {
    what: `the worker's log line about PI-${marker}`,
    until: (text) => text.includes(`PI-${marker}`),
  });
  expect(logText.length).toBeGreaterThan(1000);
  for (const secret of Object.values(planted)) expect(logText.includes(secret), secret).toBe(false);
  expect(logText.includes(DEMO_DINGTALK_APP.clientSecret)).toBe(false);
});
