import { expect, test } from '@playwright/test';
import { apiSignin, demoEmployee } from './fixtures/auth';

const STACK = /\n\s+at\s|node_modules|\.tsx?:\d+/;

test('a zod-validated route answers 400 with the field errors', async ({ page }) => {
  await apiSignin(page, demoEmployee.username);
  const bad = await page.request.put('/api/me/preferences', { data: { locale: 'fr-FR', extra: 1 } });
  expect(bad.status()).toBe(400);
  const body = await bad.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body', 'body.locale']);
  expect(bad.headers()['x-request-id']).toBeTruthy();

  const notJson = await page.request.put('/api/me/preferences', {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('{"locale":'),
  });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe('invalid_json');

  const good = await page.request.put('/api/me/preferences', { data: { locale: 'en-US' } });
  expect(good.status()).toBe(200);
  expect(await good.json()).toEqual({ locale: 'en-US' });
});

test('a protected route answers 401 in the envelope without a session', async ({ request }) => {
  const response = await request.put('/api/me/preferences', { data: { locale: 'en-US' } });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe('unauthorized');
});

test('unknown API routes answer 404 in the envelope', async ({ request }) => {
  for (const method of ['get', 'post', 'put', 'delete'] as const) {
    const response = await request[method]('/api/does-not-exist/42');
    expect(response.status()).toBe(404);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'not_found' });
  }
});

test('no response carries a stack trace', async ({ page, request }) => {
  const probes = [
    request.get('/api/nope'),
    request.put('/api/me/preferences', {
      headers: { 'content-type': 'application/json' },
      data: Buffer.from('}{'),
    }),
    request.put('/api/me/preferences', { headers: { 'content-type': 'text/plain' }, data: 'x' }),
    request.get('/api/health'),
    request.get('/inbox/unknown-view'),
    request.get('/definitely/not/a/page'),
  ];
  for (const response of await Promise.all(probes)) {
    expect(response.status()).toBeLessThan(500);
    expect(await response.text()).not.toMatch(STACK);
  }
  await apiSignin(page, demoEmployee.username);
  const oversized = await page.request.put('/api/me/preferences', {
    headers: { 'content-type': 'application/json' },
    data: JSON.stringify({ locale: 'x'.repeat(2 * 1024 * 1024) }),
  });
  expect(oversized.status()).toBe(413);
  expect(await oversized.text()).not.toMatch(STACK);
});

test('inbox, saved-view and admin process routes: 401 anonymous, 400 on bad filters, 403 for employees, 404 for other people’s views', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  for (const path of ['/api/tasks?view=pending', '/api/tasks/counts', '/api/tasks/facets', '/api/me/views']) {
    expect((await request.get(path)).status(), path).toBe(401);
  }
  await apiSignin(page, demoEmployee.username);
  const bad = await page.request.get('/api/tasks?view=pending&source=wechat&sort=priority');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
    'query.sort',
    'query.source.0',
  ]);
  expect((await page.request.get('/api/admin/processes')).status()).toBe(403);

  const created = await page.request.post('/api/me/views', {
    data: { name: `私人视图-${Date.now()}`, view: 'pending', filters: { q: '报销' } },
  });
  expect(created.status()).toBe(200);
  const { id } = (await created.json()) as { id: string };
  const other = await playwright.request.newContext({ baseURL });
  await apiSignin(other, 'lisi');
  expect((await other.patch(`/api/me/views/${id}`, { data: { name: 'x' } })).status()).toBe(404);
  expect((await other.delete(`/api/me/views/${id}`)).status()).toBe(404);
  await other.dispose();
  expect((await page.request.delete(`/api/me/views/${id}`)).status()).toBe(200);
});
