import { NewApiError, OldApiError } from '../http/errors';
import type { RouteDef } from '../http/router';
import type { AccessToken, SandboxState } from '../model/state';
import type { App } from '../model/types';
import { str } from './workflow';

/**
 * §1.4: one token per app; asking again while it is valid returns the same token and extends its
 * life; after expiry a new token is issued (the old string stays known, so it answers "expired").
 */
export function issueAppToken(state: SandboxState, app: App): AccessToken {
  state.tokenRequests.set(app.clientId, (state.tokenRequests.get(app.clientId) ?? 0) + 1);
  const now = state.now();
  const ttl = state.options.tokenTtlSeconds * 1000;
  const current = state.tokens.get(state.appTokenByClient.get(app.clientId) ?? '');
  if (current && current.expiresAt > now) {
    current.expiresAt = now + ttl;
    return current;
  }
  const token: AccessToken = {
    token: state.ids.token(),
    kind: 'app',
    clientId: app.clientId,
    corpId: app.corpId,
    expiresAt: now + ttl,
  };
  state.tokens.set(token.token, token);
  state.appTokenByClient.set(app.clientId, token.token);
  return token;
}

export function expiresIn(state: SandboxState, token: AccessToken): number {
  return Math.max(0, Math.round((token.expiresAt - state.now()) / 1000));
}

/** Token endpoints (§1.1–§1.3). They are exempt from the monthly quota. */
export function tokenRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/v1.0/oauth2/accessToken',
      family: 'new',
      quotaExempt: true,
      handler: (ctx) => {
        const app = state.apps.get(str(ctx.body.appKey));
        if (!app || app.clientSecret !== str(ctx.body.appSecret)) {
          throw new NewApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
        }
        const token = issueAppToken(state, app);
        return { json: { accessToken: token.token, expireIn: expiresIn(state, token) } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/oauth2/{corpId}/token',
      family: 'new',
      quotaExempt: true,
      handler: (ctx) => {
        // Unified endpoint: snake_case in and out (§1.2).
        if (str(ctx.body.grant_type) !== 'client_credentials') {
          throw new NewApiError(400, 'unsupported.grant.type', '不支持的grant_type');
        }
        const app = state.apps.get(str(ctx.body.client_id));
        if (!app || app.clientSecret !== str(ctx.body.client_secret))
          throw new NewApiError(400, 'invalid.client', '无效的client');
        if (app.corpId !== ctx.params.corpId)
          throw new NewApiError(401, 'unauthorized.client', '应用未被该企业授权');
        const token = issueAppToken(state, app);
        return { json: { access_token: token.token, expires_in: expiresIn(state, token) } };
      },
    },
    {
      method: 'GET',
      path: '/gettoken',
      family: 'old',
      quotaExempt: true,
      handler: (ctx) => {
        const app = state.apps.get(ctx.query.get('appkey') ?? '');
        if (!app) throw new OldApiError(40089, '不合法的appkey或appsecret');
        if (app.clientSecret !== ctx.query.get('appsecret'))
          throw new OldApiError(40001, '不合法的appsecret');
        const token = issueAppToken(state, app);
        return {
          json: { errcode: 0, errmsg: 'ok', access_token: token.token, expires_in: expiresIn(state, token) },
        };
      },
    },
  ];
}
