import { type NextRequest, NextResponse } from 'next/server';
import { isHttpsAppUrl, rawEnv } from '@/lib/env';
import { securityHeaders } from '@/lib/security/security-headers';

/** Security headers on every page (lib/security/security-headers.ts), computed from APP_URL at run time. */
export function proxy(_request: NextRequest) {
  const response = NextResponse.next();
  const login = rawEnv().DINGTALK_LOGIN_BASE;
  const headers = securityHeaders({
    https: isHttpsAppUrl(),
    development: rawEnv().NODE_ENV === 'development',
    formTargets: login ? [new URL(login).origin] : [],
  });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Pages only: API answers are JSON (route() sets their headers), and static files need none.
export const config = { matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'] };
