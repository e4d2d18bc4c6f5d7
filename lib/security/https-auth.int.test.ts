import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { RouteHandler } from '@/lib/testing/discover-routes';
import { createUsers } from '@/lib/testing/factories';
import { invokeRoute, signInThroughNextAuth } from '@/lib/testing/next-request-context';

// An https deployment as compose runs it: APP_URL set, NEXTAUTH_URL not.
const ORIGIN = 'https://huiban.example.com';
let t: TestDatabase;
let nextAuth: RouteHandler;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.APP_URL = ORIGIN;
  delete process.env.NEXTAUTH_URL;
  process.env.NEXTAUTH_SECRET = `https-test-${randomUUID()}`;
  await createUsers(t.db, [{ username: 'alice', name: '爱丽丝' }]);
  nextAuth = (await import('@/app/api/auth/[...nextauth]/route')).POST as RouteHandler;
});
afterAll(async () => {
  await t?.drop();
});

test('under an https APP_URL the session cookie is Secure with a __Secure- name, without NEXTAUTH_URL', async () => {
  const { setCookie } = await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1');
  const session = setCookie.find((line) => line.includes('session-token='));
  expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
  expect(session).toMatch(/;\s*Secure/i);
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(process.env.NEXTAUTH_URL).toBe(ORIGIN);
});

/** A body that is produced only as it is read; counts what the server pulled. */
function hugeBody(totalBytes: number) {
  const chunk = new Uint8Array(64 * 1024).fill(97);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

test('a multi-GB POST to /api/auth/* gets 413 after reading at most the limit', async () => {
  const body = hugeBody(4 * 1024 ** 3);
  const response = await invokeRoute(
    nextAuth,
    new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.stream,
      duplex: 'half',
    } as RequestInit),
    { nextauth: ['callback', 'credentials'] },
  );
  expect(response.status).toBe(413);
  expect(body.pulled()).toBeLessThan(256 * 1024);

  const declared = await invokeRoute(
    nextAuth,
    new Request(`${ORIGIN}/api/auth/signin/credentials`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(5 * 1024 ** 3),
      },
      body: 'x',
    }),
    { nextauth: ['signin', 'credentials'] },
  );
  expect(declared.status).toBe(413);
});
