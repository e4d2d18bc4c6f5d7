import { meterApiCall } from '../meter-api-calls';
import { AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { acquireCallSlot, sharedToken } from './shared-limits';

type Token = { value: string; expiresAt: number };

/** What a call to the new API host needs; Yida's OpenAPI lives on the same host with the same app token. */
export type ApiCredentials = Pick<
  DingTalkSettings,
  'apiBase' | 'clientId' | 'clientSecret' | 'qpsLimit' | 'corpId' | 'connectorId'
>;
const tokens = new Map<string, Token>();
const inflight = new Map<string, Promise<Token>>();

/** Calls made per org, by API path (for the "API calls per instance change" benchmark and health page). */
export const apiCallCounter = new Map<string, number>();

/** Token invalid/expired signals (§1.4): refresh once and retry. */
const TOKEN_ERRORS = new Set(['InvalidAuthentication', 'Unauthorized', 'accesstoken.expired']);
const OLD_TOKEN_ERRORS = new Set([40014, 42001, 40001, 41001]);
/** Throttling (§12.1): wait and retry later. */
const THROTTLE = /^Forbidden\.AccessDenied\.(Qps|Qpm)Limit/;
const OLD_THROTTLE = new Set([90018, 90002, -1]);

/**
 * The app access token (§1.1), cached until 5 minutes before expiry: in this process, and in PostgreSQL for every
 * process (shared-limits.ts), so N replicas ask DingTalk once, not N times. Concurrent callers in a process share
 * one request. The token API is exempt from the monthly quota but rate limited, so never call it per request.
 * `rejected`: the token DingTalk just refused; a different one (refreshed by another process) or a new one is used.
 * `force` alone asks DingTalk for the token whatever is cached (checking the credentials).
 */
export async function getAppToken(
  s: ApiCredentials,
  options: { force?: boolean; rejected?: string } = {},
): Promise<string> {
  const key = `${s.apiBase}|${s.clientId}`;
  const cached = tokens.get(key);
  if (!options.force && cached && cached.expiresAt > Date.now()) return cached.value;
  let pending = inflight.get(key);
  if (!pending) {
    pending = sharedToken(`dingtalk:${key}`, () => requestAppToken(s), {
      rejected: options.rejected,
      // Forced without a refused token ("测试连接"): ask DingTalk itself, so the credentials are really checked.
      fresh: options.force === true && options.rejected === undefined,
    })
      .then((token) => {
        tokens.set(key, token);
        return token;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return (await pending).value;
}

async function requestAppToken(s: ApiCredentials): Promise<Token> {
  const response = await fetchWithTimeout(`${s.apiBase}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: s.clientId, appSecret: s.clientSecret }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    accessToken?: string;
    expireIn?: number;
    code?: string;
  };
  if (!response.ok || !body.accessToken) {
    throw new AdapterError(`DingTalk token request failed: ${body.code ?? `HTTP ${response.status}`}`, {
      // Throttled token requests (403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi, 429) pass like any other
      // throttling; a wrong appKey/appSecret does not.
      retryable: response.status >= 500 || response.status === 429 || THROTTLE.test(body.code ?? ''),
      sourceCode: body.code,
    });
  }
  // A missing or non-positive expireIn would loop token requests (§1.4): fall back to 7200 s.
  const ttl = body.expireIn && body.expireIn > 0 ? body.expireIn : 7200;
  return { value: body.accessToken, expiresAt: Date.now() + Math.max(60, ttl - 300) * 1000 };
}

/** Forget cached tokens in this process (tests, or after a credentials change). */
export function clearTokenCache(): void {
  tokens.clear();
}

/**
 * Throttling answers (§12.1) are waited out and retried here, as DingTalk advises: 1 s for the per-app QPS limit,
 * doubling (1 s, 2 s, 4 s) for the global and per-minute ones. After the last retry the error goes to the caller
 * (retryable, so its job retries later).
 */
const THROTTLE_RETRIES = 3;
function throttleDelayMs(code: string, attempt: number): number {
  const jitter = Math.floor(Math.random() * 200);
  if (code === 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' || code === '90018') return 1_000 + jitter;
  return 1_000 * 2 ** attempt + jitter;
}

export type CallOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, string>;
  body?: unknown;
};

/**
 * One call to the new API host (`api.dingtalk.com`): token header, QPS throttle, one token refresh on an
 * auth error, and errors mapped to AdapterError (retryable for throttling and 5xx).
 */
export async function callApi<T>(s: ApiCredentials, path: string, options: CallOptions = {}): Promise<T> {
  const url = new URL(`${s.apiBase}${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  let rejected: string | undefined;
  for (let throttled = 0; ; ) {
    // The token first: a token request must not sit between a call's admission and its sending, or the call
    // arrives later than it was counted and the shared window no longer matches what DingTalk sees.
    const token = await getAppToken(s, { force: rejected !== undefined, rejected });
    const release = await acquireCallSlot(`dingtalk|${s.clientId}|${path}`, s.qpsLimit);
    countCall(s, path);
    const response = await fetchWithTimeout(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: { 'x-acs-dingtalk-access-token': token, 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }).finally(release);
    const text = await response.text();
    const body = text ? safeJson(text) : {};
    if (response.ok) return body as T;
    const code = (body as { code?: string }).code ?? '';
    if (rejected === undefined && (response.status === 401 || TOKEN_ERRORS.has(code))) {
      rejected = token;
      continue;
    }
    if ((THROTTLE.test(code) || response.status === 429) && throttled < THROTTLE_RETRIES) {
      await sleep(throttleDelayMs(code, throttled++));
      continue;
    }
    throw new AdapterError(`DingTalk ${path} failed: ${code || `HTTP ${response.status}`}`, {
      retryable: response.status >= 500 || response.status === 429 || THROTTLE.test(code),
      sourceCode: code || String(response.status),
    });
  }
}

/**
 * One call to the old API host (`oapi.dingtalk.com`): token in the query, errors as errcode in a 200. A few
 * old APIs are GETs (`call_back/get_call_back`, `call_back/delete_call_back`): `body` is then ignored.
 */
export async function callOapi<T>(
  s: DingTalkSettings,
  path: string,
  body: unknown,
  options: { method?: 'GET' | 'POST' } = {},
): Promise<T> {
  const method = options.method ?? 'POST';
  let rejected: string | undefined;
  for (let throttled = 0; ; ) {
    // The token first: a token request must not sit between a call's admission and its sending, or the call
    // arrives later than it was counted and the shared window no longer matches what DingTalk sees.
    const token = await getAppToken(s, { force: rejected !== undefined, rejected });
    const release = await acquireCallSlot(`dingtalk|${s.clientId}|${path}`, s.qpsLimit);
    countCall(s, path);
    const response = await fetchWithTimeout(
      `${s.oapiBase}${path}?access_token=${encodeURIComponent(token)}`,
      method === 'GET'
        ? { method }
        : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    ).finally(release);
    const parsed = safeJson(await response.text()) as { errcode?: number; errmsg?: string };
    if (response.ok && (parsed.errcode ?? 0) === 0) return parsed as T;
    const errcode = parsed.errcode ?? response.status;
    if (rejected === undefined && OLD_TOKEN_ERRORS.has(errcode)) {
      rejected = token;
      continue;
    }
    if ((errcode === 90018 || errcode === 90002) && throttled < THROTTLE_RETRIES) {
      await sleep(throttleDelayMs(String(errcode), throttled++));
      continue;
    }
    throw new AdapterError(`DingTalk ${path} failed: errcode ${errcode}`, {
      retryable: response.status >= 500 || OLD_THROTTLE.has(errcode),
      sourceCode: String(errcode),
    });
  }
}

function countCall(s: Pick<DingTalkSettings, 'corpId' | 'clientId' | 'connectorId'>, path: string) {
  const key = `${s.corpId ?? s.clientId}|${path}`;
  apiCallCounter.set(key, (apiCallCounter.get(key) ?? 0) + 1);
  // The monthly quota counts every business call (token calls are exempt, §12).
  meterApiCall(s.connectorId);
}

async function fetchWithTimeout(url: string | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new AdapterError(`DingTalk unreachable: ${(error as Error).name}`, {
      retryable: true,
      cause: error,
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
