import { type NextRequest, NextResponse } from 'next/server';
import { isHttpsAppUrl, rawEnv } from '@/lib/env';
import { createNonce, securityHeaders } from '@/lib/security/security-headers';

/**
 * Security headers on every page (lib/security/security-headers.ts), computed from APP_URL at run time, with a
 * fresh script nonce per request. The nonce reaches Next's renderer through the request's
 * Content-Security-Policy header (Next reads it there and puts it on every script it emits) and `x-nonce`.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const login = rawEnv().DINGTALK_LOGIN_BASE;
  const headers = securityHeaders({
    https: isHttpsAppUrl(),
    development: rawEnv().NODE_ENV === 'development',
    formTargets: login ? [new URL(login).origin] : [],
    nonce,
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', headers['content-security-policy'] as string);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Pages only: API answers are JSON (route() sets their headers), static files need none, and a proxy on API
// routes would make Next buffer request bodies (uploads, /api/auth) before the route's own limits apply.
export const config = { matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'] };
