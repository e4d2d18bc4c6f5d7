import { NewApiError, OldApiError } from '../http/errors';
import type { Reply, RouteDef } from '../http/router';
import type { AccessToken, AuthCode, SandboxState } from '../model/state';
import type { Org, User } from '../model/types';
import { userMe } from './users';
import { str } from './workflow';

const CODE_TTL_MS = 5 * 60_000;
const REFRESH_TTL_MS = 30 * 86_400_000;

/** Issues a single-use 5-minute code: `oauth` for /oauth2/auth, `jsapi` for dd.requestAuthCode (免登). */
export function issueAuthCode(
  state: SandboxState,
  input: Omit<AuthCode, 'code' | 'expiresAt' | 'used'>,
): AuthCode {
  const code: AuthCode = {
    ...input,
    code: state.ids.token(),
    expiresAt: state.now() + CODE_TTL_MS,
    used: false,
  };
  state.authCodes.set(code.code, code);
  return code;
}

function issueUserToken(state: SandboxState, code: { clientId: string; corpId: string; userId: string }) {
  const now = state.now();
  const token: AccessToken = {
    token: state.ids.token(),
    kind: 'user',
    clientId: code.clientId,
    corpId: code.corpId,
    userId: code.userId,
    expiresAt: now + state.options.tokenTtlSeconds * 1000,
  };
  state.tokens.set(token.token, token);
  const refreshToken = state.ids.token();
  state.refreshTokens.set(refreshToken, { ...code, expiresAt: now + REFRESH_TTL_MS });
  return { token, refreshToken };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(org: Org, url: URL): string {
  const depts = new Map([...org.departments.values()].map((d) => [d.deptId, d.name]));
  const rows = [...org.users.values()]
    .filter((u) => u.active)
    .map((u: User) => {
      const pick = new URL(url);
      pick.searchParams.set('sandbox_user', u.userId);
      const dept = u.deptIds.map((d) => depts.get(d) ?? '').join('、');
      return `<li><a href="${escapeHtml(pick.pathname + pick.search)}" data-user-id="${escapeHtml(u.userId)}">${escapeHtml(u.name)}</a> <span>${escapeHtml(dept)} · ${escapeHtml(u.title)} · ${escapeHtml(u.userId)}</span></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>钉钉登录（沙箱）</title>
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:40px auto;color:#1f2329}
h1{font-size:20px}li{margin:8px 0}a{font-weight:600;color:#0089ff;text-decoration:none}span{color:#8f959e;font-size:13px}</style>
</head><body>
<h1>钉钉登录（沙箱模拟）</h1>
<p>${escapeHtml(org.name)}：请选择要登录的成员。</p>
<ul>
${rows}
</ul>
</body></html>`;
}

/**
 * §8: the authorize page (pick a simulated user; tests skip the click with `sandbox_user=` or
 * `login_hint=`), single-use 5-minute codes, the user token exchange, `users/me`, and the 免登 lookup.
 */
export function loginRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/oauth2/auth',
      family: 'raw',
      handler: (ctx): Reply => {
        const q = ctx.query;
        const html = (status: number, message: string): Reply => ({
          status,
          headers: { 'content-type': 'text/html;charset=utf-8' },
          body: `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录失败</title><p>${escapeHtml(message)}</p></html>`,
        });
        const app = state.apps.get(q.get('client_id') ?? '');
        if (!app) return html(400, '应用不存在：client_id 无效');
        const redirectUri = q.get('redirect_uri') ?? '';
        if (!redirectUri) return html(400, 'redirect_uri 不能为空');
        if (app.redirectUris.length > 0 && !app.redirectUris.some((p) => redirectUri.startsWith(p))) {
          return html(400, 'redirect_uri 与应用配置的回调域名不一致');
        }
        if (q.get('response_type') !== 'code') return html(400, 'response_type 必须为 code');
        const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
        if (!scopes.includes('openid')) return html(400, 'scope 必须包含 openid');
        const org = state.orgs.get(app.corpId);
        if (!org) return html(400, '企业不存在');
        const picked = q.get('sandbox_user') ?? q.get('login_hint');
        if (!picked)
          return { headers: { 'content-type': 'text/html;charset=utf-8' }, body: loginPage(org, ctx.url) };
        const user = org.users.get(picked) ?? state.userByUnionId(org, picked);
        // Internal apps: people outside the org cannot log in (§8.1 step 5).
        if (!user?.active) return html(403, '该用户不在企业内，无法登录此应用');
        const code = issueAuthCode(state, {
          kind: 'oauth',
          clientId: app.clientId,
          corpId: org.corpId,
          userId: user.userId,
        });
        const target = new URL(redirectUri);
        target.searchParams.set('code', code.code);
        target.searchParams.set('authCode', code.code);
        const stateParam = q.get('state');
        if (stateParam !== null) target.searchParams.set('state', stateParam);
        return { status: 302, headers: { location: target.toString() }, body: '' };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/oauth2/userAccessToken',
      family: 'new',
      quotaExempt: true,
      handler: (ctx) => {
        const b = ctx.body;
        const app = state.apps.get(str(b.clientId));
        if (!app || app.clientSecret !== str(b.clientSecret)) {
          throw new NewApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
        }
        const grantType = str(b.grantType);
        const now = state.now();
        let subject: { clientId: string; corpId: string; userId: string };
        if (grantType === 'authorization_code') {
          const code = state.authCodes.get(str(b.code));
          if (
            code?.kind !== 'oauth' ||
            code.clientId !== app.clientId ||
            code.used ||
            code.expiresAt <= now
          ) {
            throw new NewApiError(400, 'invalidAuthCode', '授权码无效、已使用或已过期');
          }
          code.used = true;
          subject = code;
        } else if (grantType === 'refresh_token') {
          const refresh = state.refreshTokens.get(str(b.refreshToken));
          if (!refresh || refresh.clientId !== app.clientId || refresh.expiresAt <= now) {
            throw new NewApiError(400, 'invalidRefreshToken', 'refreshToken无效或已过期');
          }
          state.refreshTokens.delete(str(b.refreshToken));
          subject = refresh;
        } else {
          throw new NewApiError(400, 'invalidParameter', 'grantType只能是authorization_code或refresh_token');
        }
        const { token, refreshToken } = issueUserToken(state, subject);
        return {
          json: {
            accessToken: token.token,
            refreshToken,
            expireIn: state.options.tokenTtlSeconds,
            corpId: subject.corpId,
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/contact/users/me',
      family: 'new',
      auth: 'user',
      quotaExempt: true,
      handler: (ctx) => {
        const user = ctx.org?.users.get(ctx.token?.userId ?? '');
        if (!user) throw new NewApiError(404, 'invalidParameter.user.notFound', '用户不存在');
        return { json: userMe(user) };
      },
    },
    {
      method: 'POST',
      path: '/topapi/v2/user/getuserinfo',
      family: 'old',
      auth: 'app',
      quotaExempt: true,
      handler: (ctx) => {
        const code = state.authCodes.get(str(ctx.body.code));
        if (code?.used) throw new OldApiError(40078, '不存在的临时授权码');
        if (code?.kind !== 'jsapi' || code.corpId !== ctx.org?.corpId || code.expiresAt <= state.now()) {
          throw new OldApiError(40078, '不存在的临时授权码');
        }
        code.used = true;
        const user = ctx.org?.users.get(code.userId);
        if (!user) throw new OldApiError(60121, '找不到该用户');
        const sysLevel = user.isAdmin ? 1 : user.isBoss ? 100 : 0;
        return {
          json: {
            errcode: 0,
            errmsg: 'ok',
            result: {
              userid: user.userId,
              unionid: user.unionId,
              associated_unionid: '',
              name: user.name,
              device_id: state.ids.token().slice(0, 16),
              sys: sysLevel !== 0,
              sys_level: sysLevel,
            },
            request_id: ctx.requestId.slice(0, 12).toLowerCase(),
          },
        };
      },
    },
  ];
}
