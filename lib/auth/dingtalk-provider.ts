import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { DingTalkProfile } from '@/lib/auth/resolve-dingtalk-login';

type Hosts = { apiBase: string; loginBase: string };

/**
 * "Sign in with DingTalk" (reference dingtalk-api.md §8.1): authorize on the login host, exchange the code at
 * `POST /v1.0/oauth2/userAccessToken` (JSON body, not the OAuth form post), read `GET /v1.0/contact/users/me`.
 * Hosts are configuration so the sandbox and 专属 deployments work (invariant 7).
 */
export function DingTalkProvider(
  options: { clientId: string; clientSecret: string } & Hosts,
): OAuthConfig<DingTalkProfile & { openId?: string; avatarUrl?: string }> {
  const { clientId, clientSecret, apiBase, loginBase } = options;
  return {
    id: 'dingtalk',
    name: '钉钉',
    type: 'oauth',
    clientId,
    clientSecret,
    checks: ['state'],
    authorization: {
      url: `${loginBase.replace(/\/$/, '')}/oauth2/auth`,
      params: { scope: 'openid', prompt: 'consent', response_type: 'code' },
    },
    token: {
      url: `${apiBase.replace(/\/$/, '')}/v1.0/oauth2/userAccessToken`,
      async request({ params }) {
        const response = await fetch(`${apiBase.replace(/\/$/, '')}/v1.0/oauth2/userAccessToken`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId,
            clientSecret,
            code: params.code,
            grantType: 'authorization_code',
          }),
        });
        const body = (await response.json()) as {
          accessToken?: string;
          expireIn?: number;
          refreshToken?: string;
        };
        if (!response.ok || !body.accessToken)
          throw new Error(`DingTalk userAccessToken failed: HTTP ${response.status}`);
        return {
          tokens: {
            access_token: body.accessToken,
            refresh_token: body.refreshToken,
            expires_in: body.expireIn,
          },
        };
      },
    },
    userinfo: {
      url: `${apiBase.replace(/\/$/, '')}/v1.0/contact/users/me`,
      async request({ tokens }) {
        const response = await fetch(`${apiBase.replace(/\/$/, '')}/v1.0/contact/users/me`, {
          headers: { 'x-acs-dingtalk-access-token': tokens.access_token ?? '' },
        });
        if (!response.ok) throw new Error(`DingTalk contact/users/me failed: HTTP ${response.status}`);
        return (await response.json()) as Record<string, unknown>;
      },
    },
    profile(profile) {
      return {
        id: profile.unionId,
        name: profile.nick ?? null,
        email: profile.email ?? null,
        image: profile.avatarUrl ?? null,
      };
    },
  };
}
