/**
 * Small HTTP helpers for tests that talk to a running sandbox the way Huiban does (fetch + JSON).
 * Never imported by app code.
 */
export type HttpAnswer<T = unknown> = { status: number; body: T; headers: Headers };

export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; oldToken?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const url = new URL(path, base);
  if (opts.oldToken !== undefined) url.searchParams.set('access_token', opts.oldToken);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers['x-acs-dingtalk-access-token'] = opts.token;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : '';
  } catch {
    // Not JSON (HTML page, file bytes): keep the text.
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** An app access token through `POST /v1.0/oauth2/accessToken`. */
export async function appToken(
  base: string,
  app: { clientId: string; clientSecret: string },
): Promise<string> {
  const res = await call<{ accessToken: string }>(base, 'POST', '/v1.0/oauth2/accessToken', {
    body: { appKey: app.clientId, appSecret: app.clientSecret },
  });
  if (res.status !== 200) throw new Error(`token: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** Polls until `check` returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
