import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createApiConnectorWithKey, createUsers } from '@/lib/testing/factories';
import {
  invokeRoute,
  signInThroughNextAuth,
  signOutThroughNextAuth,
} from '@/lib/testing/next-request-context';
import type { RouteHandler } from './discover-routes';

const ORIGIN = 'http://localhost:3000';
let t: TestDatabase;
let ids: Record<string, string>;
let nextAuth: RouteHandler;
let views: { GET: RouteHandler; POST: RouteHandler };
let openInstances: RouteHandler;
let apiKey: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.NEXTAUTH_URL = ORIGIN;
  process.env.NEXTAUTH_SECRET = `sessions-test-${randomUUID()}`;
  ids = await createUsers(t.db, [
    { username: 'alice', name: '爱丽丝' },
    { username: 'bob', name: '鲍勃' },
  ]);
  apiKey = (await createApiConnectorWithKey(t.db, { name: 'ERP' })).key;
  nextAuth = (await import('@/app/api/auth/[...nextauth]/route')).GET as RouteHandler;
  views = (await import('@/app/api/me/views/route')) as unknown as typeof views;
  openInstances = (await import('@/app/api/open/v1/instances/route')).POST as RouteHandler;
});

afterAll(async () => {
  await t?.drop();
});

function listViews(cookie: string) {
  return invokeRoute(views.GET, new Request(`${ORIGIN}/api/me/views`, { headers: { cookie } }));
}

function createView(cookie: string, headers: Record<string, string> = {}) {
  return invokeRoute(
    views.POST,
    new Request(`${ORIGIN}/api/me/views`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: `v-${randomUUID().slice(0, 8)}`, view: 'pending' }),
    }),
  );
}

test('the session cookie is HttpOnly, SameSite=Lax and path-wide', async () => {
  const { setCookie } = await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1');
  const session = setCookie.find((line) => line.startsWith('next-auth.session-token='));
  expect(session).toBeDefined();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).toMatch(/;\s*Path=\//i);
  // The CSRF cookie of next-auth's own forms is HttpOnly as well.
  const csrf = await invokeRoute(nextAuth, new Request(`${ORIGIN}/api/auth/csrf`), { nextauth: ['csrf'] });
  const csrfCookie = csrf.headers.getSetCookie().find((line) => line.includes('csrf-token='));
  expect(csrfCookie).toMatch(/;\s*HttpOnly/i);
  expect(csrfCookie).toMatch(/;\s*SameSite=Lax/i);
});

test('over https the session cookie is Secure with the __Secure- prefix', async () => {
  process.env.NEXTAUTH_URL = 'https://huiban.example';
  try {
    const { setCookie } = await signInThroughNextAuth(
      nextAuth,
      'https://huiban.example',
      'bob',
      'test-password-1',
    );
    const session = setCookie.find((line) => line.startsWith('__Secure-next-auth.session-token='));
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
  } finally {
    process.env.NEXTAUTH_URL = ORIGIN;
  }
});

test('signing out kills a copied cookie, and only that session', async () => {
  const first = await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1');
  const second = await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1');
  const copied = first.cookie;
  expect((await listViews(copied)).status).toBe(200);

  const out = await signOutThroughNextAuth(nextAuth, ORIGIN, first.cookie);
  expect(out.status).toBeLessThan(400);
  const after = await listViews(copied);
  expect(after.status).toBe(401);
  expect(((await after.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  // The same user's other session (another browser) is untouched.
  expect((await listViews(second.cookie)).status).toBe(200);
  // Signing in again works.
  const again = await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1');
  expect((await listViews(again.cookie)).status).toBe(200);
});

test('a sign-out without next-auth CSRF token does not end the session', async () => {
  const { cookie } = await signInThroughNextAuth(nextAuth, ORIGIN, 'bob', 'test-password-1');
  const forged = await invokeRoute(
    nextAuth,
    new Request(`${ORIGIN}/api/auth/signout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        origin: 'https://evil.example',
      },
      body: 'json=true',
    }),
    { nextauth: ['signout'] },
  );
  expect(forged.status).toBeLessThan(500);
  expect((await listViews(cookie)).status).toBe(200);
});

test('a JWT without a session id (minted before sign-out tracking, or forged without one) is refused', async () => {
  const token = await encode({
    token: { sub: ids.alice, name: 'alice' },
    secret: process.env.NEXTAUTH_SECRET as string,
  });
  expect((await listViews(`next-auth.session-token=${token}`)).status).toBe(401);
  const wrongSecret = await encode({
    token: { sub: ids.alice, sid: randomUUID() },
    secret: 'not-the-secret',
  });
  expect((await listViews(`next-auth.session-token=${wrongSecret}`)).status).toBe(401);
});

test('cookie-authenticated writes from another site are refused (CSRF); same-origin and non-browser pass', async () => {
  const { cookie } = await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1');
  const refused: Record<string, string>[] = [
    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    { 'sec-fetch-site': 'same-site', origin: 'https://sub.localhost:3000' },
    { origin: 'https://evil.example' },
    { origin: 'null' },
  ];
  for (const headers of refused) {
    const response = await createView(cookie, headers);
    expect(response.status, JSON.stringify(headers)).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  }
  const before = ((await (await listViews(cookie)).json()) as unknown[]).length;
  expect(before).toBe(0);
  const allowed: Record<string, string>[] = [
    { 'sec-fetch-site': 'same-origin', origin: ORIGIN },
    { origin: ORIGIN },
    { 'sec-fetch-site': 'none' },
    {},
  ];
  for (const headers of allowed) {
    expect((await createView(cookie, headers)).status, JSON.stringify(headers)).toBe(200);
  }
  // Reads are not state-changing: a cross-site GET still answers (SameSite=Lax keeps cookies off it anyway).
  const read = await invokeRoute(
    views.GET,
    new Request(`${ORIGIN}/api/me/views`, { headers: { cookie, 'sec-fetch-site': 'cross-site' } }),
  );
  expect(read.status).toBe(200);
  expect(((await read.json()) as unknown[]).length).toBe(allowed.length);
});

test('API-key routes carry their own proof and are not subject to the Origin check', async () => {
  const response = await invokeRoute(
    openInstances,
    new Request(`${ORIGIN}/api/open/v1/instances`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        origin: 'https://erp.example',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ externalId: 'csrf-1', title: '跨站', updatedAt: new Date().toISOString() }),
    }),
  );
  expect(response.status).toBe(200);
});
