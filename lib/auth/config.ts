import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { resolveDingTalkLogin } from '@/lib/auth/resolve-dingtalk-login';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { env, nextAuthUrl, rawEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { clientIpOf } from '@/lib/security/request-ip';
import { DINGTALK_H5_ERRORS, DINGTALK_H5_PROVIDER, type DingTalkCodeSignIn } from './dingtalk-h5-errors';
import { DingTalkProvider } from './dingtalk-provider';
import { revokeSession } from './revoke-session';

const UUID = /^[0-9a-f-]{36}$/;

/** Whether "sign in with DingTalk" is configured (both client id and secret set). */
export function isDingTalkLoginEnabled(): boolean {
  const e = env();
  return Boolean(e.DINGTALK_LOGIN_CLIENT_ID && e.DINGTALK_LOGIN_CLIENT_SECRET);
}

let cached: NextAuthOptions | undefined;

/**
 * next-auth configuration, built lazily so env is read at request time, not at build time.
 * Sessions are JWTs carrying only the Huiban user id and a session id (`sid`); role and status are re-read per
 * request (lib/auth), and signing out lists the sid in `revoked_sessions`, so a copied cookie dies with it.
 * Cookies are next-auth's defaults: HttpOnly, SameSite=Lax; Secure (and `__Secure-` names) when APP_URL is https.
 */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  // next-auth reads NEXTAUTH_URL itself and falls back to http://localhost:3000: derive it from APP_URL in every
  // process that serves it, so callbacks and the Secure cookie follow the public URL.
  const processEnv = rawEnv();
  processEnv.NEXTAUTH_URL ||= nextAuthUrl({ ...processEnv, APP_URL: e.APP_URL });
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: '账号密码',
      credentials: { login: { label: '账号', type: 'text' }, password: { label: '密码', type: 'password' } },
      async authorize(credentials, req) {
        const headers = new Headers(req?.headers as Record<string, string> | undefined);
        const result = await signInWithPassword(getDb(), {
          login: credentials?.login ?? '',
          password: credentials?.password ?? '',
          ip: clientIpOf(headers),
          userAgent: headers.get('user-agent'),
        });
        if (result.ok) return { id: result.userId };
        // next-auth passes a thrown message to the login page as `error` (LoginPage shows "try later").
        if (result.reason === 'throttled') throw new Error('TooManyAttempts');
        return null;
      },
    }),
  ];
  if (e.DINGTALK_LOGIN_CLIENT_ID && e.DINGTALK_LOGIN_CLIENT_SECRET) {
    providers.push(
      DingTalkProvider({
        clientId: e.DINGTALK_LOGIN_CLIENT_ID,
        clientSecret: e.DINGTALK_LOGIN_CLIENT_SECRET,
        apiBase: e.DINGTALK_API_BASE,
        loginBase: e.DINGTALK_LOGIN_BASE,
      }),
    );
  }
  cached = {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
    pages: { signIn: '/login', error: '/login' },
    providers,
    logger: {
      error: (code, metadata) => log.warn({ code, err: metadata }, 'next-auth error'),
      warn: (code) => log.warn({ code }, 'next-auth warning'),
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'dingtalk') return true;
        const p = profile as { unionId?: string; email?: string; mobile?: string; nick?: string } | undefined;
        if (!p?.unionId) return false;
        const resolved = await resolveDingTalkLogin(
          getDb(),
          { ...p, unionId: p.unionId },
          { loginCorpIds: e.DINGTALK_LOGIN_CORP_IDS?.split(',').map((c) => c.trim()) },
        );
        if (!resolved) return false;
        // The JWT callback below stores this id instead of the DingTalk unionId.
        (user as { huibanUserId?: string }).huibanUserId = resolved.userId;
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = (user as { huibanUserId?: string }).huibanUserId ?? user.id;
          // One id per sign-in, kept when next-auth re-issues the JWT, so sign-out can revoke every copy.
          token.sid = randomUUID();
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        const sid = token?.sid;
        if (typeof sid !== 'string' || !UUID.test(sid) || !token.sub || !UUID.test(token.sub)) return;
        const exp = typeof token.exp === 'number' ? token.exp * 1000 : Date.now() + 7 * 24 * 3600 * 1000;
        await revokeSession(getDb(), { sid, userId: token.sub, expiresAt: new Date(exp) });
      },
    },
  };
  return cached;
}

let cachedWithCodeSignIn: NextAuthOptions | undefined;

/**
 * getAuthOptions() plus 免登 inside the DingTalk client: a credentials provider taking a `dd.requestAuthCode`
 * code. The exchange lives in the DingTalk connector, which lib/auth must not import (the connector imports
 * lib/auth), so the sign-in route passes it in. Reading a session needs no provider, so getViewer() keeps
 * using getAuthOptions().
 */
export function getAuthOptionsWithCodeSignIn(signInWithCode: DingTalkCodeSignIn): NextAuthOptions {
  if (cachedWithCodeSignIn) return cachedWithCodeSignIn;
  const base = getAuthOptions();
  const codeProvider = CredentialsProvider({
    id: DINGTALK_H5_PROVIDER,
    name: '钉钉免登',
    credentials: { corpId: { type: 'text' }, clientId: { type: 'text' }, code: { type: 'text' } },
    async authorize(credentials, req) {
      const headers = new Headers(req?.headers as Record<string, string> | undefined);
      const result = await signInWithCode({
        corpId: credentials?.corpId ?? '',
        clientId: credentials?.clientId || null,
        code: credentials?.code ?? '',
        ip: clientIpOf(headers),
        userAgent: headers.get('user-agent'),
      });
      if (result.ok) return { id: result.userId };
      // The login page maps these to a message and, where a new code helps, a retry button.
      throw new Error(DINGTALK_H5_ERRORS[result.reason]);
    },
  });
  cachedWithCodeSignIn = { ...base, providers: [...base.providers, codeProvider] };
  return cachedWithCodeSignIn;
}
