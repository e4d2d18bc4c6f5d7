import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { NextRequest } from 'next/server';

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

const current = new AsyncLocalStorage<Request>();
let installed = false;

/**
 * Route handlers read the session through next-auth, which reads `headers()` / `cookies()` from `next/headers`
 * — Next's per-request context, absent when a test calls a handler in-process. This puts a request-scoped
 * stand-in for that one module into Node's require cache, so the REAL next-auth code (JWT decryption, session
 * callback, sign-in and sign-out endpoints) runs against the cookies of the request being handled.
 */
export function installNextRequestContext(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const file = require.resolve('next/headers');
  const exports = {
    headers: async () => requestOrThrow().headers,
    cookies: async () => cookieStore(requestOrThrow().headers.get('cookie') ?? ''),
    draftMode: async () => ({ isEnabled: false, enable() {}, disable() {} }),
  };
  require.cache[file] = { id: file, filename: file, loaded: true, exports } as unknown as NodeJS.Module;
}

/** Calls a route handler the way Next does: a NextRequest, awaited params, and the request context above. */
export function invokeRoute(
  handler: Handler,
  request: Request,
  params: Record<string, string | string[]> = {},
): Promise<Response> {
  installNextRequestContext();
  const nextRequest = request instanceof NextRequest ? request : new NextRequest(request);
  return current.run(nextRequest, () => handler(nextRequest, { params: Promise.resolve(params) }));
}

function requestOrThrow(): Request {
  const request = current.getStore();
  if (!request) throw new Error('next/headers used outside invokeRoute()');
  return request;
}

function cookieStore(header: string) {
  const all = header
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0
        ? { name: part, value: '' }
        : { name: part.slice(0, at), value: decodeURIComponent(part.slice(at + 1)) };
    });
  return {
    get: (name: string) => all.find((c) => c.name === name),
    getAll: () => all,
    has: (name: string) => all.some((c) => c.name === name),
    set() {},
    delete() {},
  };
}

/** `name=value` pairs of a response's Set-Cookie headers, ready to send back as a Cookie header. */
export function cookiesFrom(response: Response): { header: string; raw: string[] } {
  const raw = response.headers.getSetCookie();
  const header = raw
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => pair && !pair.endsWith('='))
    .join('; ');
  return { header, raw };
}

/**
 * Signs in through next-auth's real credentials endpoint (csrf token, then callback/credentials), the way the
 * login page does; returns the Cookie header of the new session and the raw Set-Cookie lines.
 */
export async function signInThroughNextAuth(
  nextAuthHandler: Handler,
  origin: string,
  login: string,
  password: string,
): Promise<{ cookie: string; setCookie: string[] }> {
  const csrfResponse = await invokeRoute(nextAuthHandler, new Request(`${origin}/api/auth/csrf`), {
    nextauth: ['csrf'],
  });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookie = cookiesFrom(csrfResponse).header;
  const response = await invokeRoute(
    nextAuthHandler,
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, login, password, json: 'true' }).toString(),
    }),
    { nextauth: ['callback', 'credentials'] },
  );
  const session = cookiesFrom(response);
  if (!session.raw.some((line) => /session-token=[^;]/.test(line))) {
    throw new Error(`sign-in as ${login} failed: HTTP ${response.status}`);
  }
  return { cookie: session.header, setCookie: session.raw };
}

/** Signs out through next-auth's real endpoint (csrf token + the session cookie). */
export async function signOutThroughNextAuth(
  nextAuthHandler: Handler,
  origin: string,
  sessionCookie: string,
): Promise<Response> {
  const csrfResponse = await invokeRoute(
    nextAuthHandler,
    new Request(`${origin}/api/auth/csrf`, { headers: { cookie: sessionCookie } }),
    { nextauth: ['csrf'] },
  );
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const cookie = [sessionCookie, cookiesFrom(csrfResponse).header].filter(Boolean).join('; ');
  return invokeRoute(
    nextAuthHandler,
    new Request(`${origin}/api/auth/signout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken, json: 'true' }).toString(),
    }),
    { nextauth: ['signout'] },
  );
}
