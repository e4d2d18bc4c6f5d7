/**
 * The page's side of running inside the DingTalk client (reference dingtalk-api.md §8.2, §10.1), through
 * `dingtalk-jsapi`, loaded only here and only on demand, so pages outside DingTalk never download it.
 */

/** The client's user agent carries `DingTalk/<version>` (also `AliApp(DingTalk/…)`). */
export function isInsideDingTalk(userAgent: string = globalThis.navigator?.userAgent ?? ''): boolean {
  return /DingTalk/i.test(userAgent);
}

/** `dd.requestAuthCode` (V2, with clientId) needs client 7.0.45; older clients have the runtime.permission one. */
const UNION_AUTH_CODE_SINCE = '7.0.45';

export function isVersionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const b = minimum.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** A failure the client reported (`errorCode` "-1" = the user cancelled). */
export class DingTalkClientError extends Error {
  constructor(readonly errorCode: string) {
    super(`DingTalk client error ${errorCode}`);
    this.name = 'DingTalkClientError';
  }
}

async function jsapi() {
  return (await import('dingtalk-jsapi')).default;
}

/** A single-use 免登 code (valid 5 minutes) for the signed-in DingTalk user of `corpId`. */
export async function requestDingTalkAuthCode(app: { corpId: string; clientId: string }): Promise<string> {
  const dd = await jsapi();
  try {
    const result = isVersionAtLeast(dd.env.version ?? '0', UNION_AUTH_CODE_SINCE)
      ? await dd.requestAuthCode({ corpId: app.corpId, clientId: app.clientId })
      : await dd.runtime.permission.requestAuthCode({ corpId: app.corpId });
    if (!result?.code) throw new DingTalkClientError('no_code');
    return result.code;
  } catch (error) {
    if (error instanceof DingTalkClientError) throw error;
    const code = (error as { errorCode?: unknown } | null)?.errorCode;
    throw new DingTalkClientError(
      typeof code === 'string' || typeof code === 'number' ? String(code) : 'unknown',
    );
  }
}

/** Opens a URL in the client's own browser (`dd.openLink`), so the user stays inside DingTalk. */
export async function openLinkInDingTalk(url: string): Promise<void> {
  const dd = await jsapi();
  await dd.openLink({ url });
}

/** A phone client (the native approval page is the mobile one there; the PC client has the side panel). */
export function isPhoneClient(userAgent: string = globalThis.navigator?.userAgent ?? ''): boolean {
  return /iPhone|iPad|iPod|Android|OpenHarmony/i.test(userAgent);
}

/**
 * Opens a link so the user stays inside the client (§10.1): `dingtalk://` links go to the client itself; web
 * pages (Huiban's, attachments, DingTalk's approval pages) open in its in-app browser through `dd.openLink`.
 * Relative URLs are made absolute first, as the client needs.
 */
export async function openInsideDingTalk(url: string): Promise<void> {
  if (url.startsWith('dingtalk:')) {
    window.location.href = url;
    return;
  }
  await openLinkInDingTalk(new URL(url, window.location.href).toString());
}
