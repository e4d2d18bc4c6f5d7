import { AdapterError } from '../types';
import { systemTokenOf, type YidaSettings } from './config';
import { callYida } from './open-api';

/** How long the login-free URL lives, in milliseconds (the API takes ms, §6.3: seconds give a 3.6-s URL). */
const TEMPORARY_URL_TIMEOUT_MS = 10 * 60_000;

/** The app a Yida file belongs to: `appType` of its `/ossFileHandle?appType=…&fileName=…` URL, else the only app. */
function appTypeOf(s: YidaSettings, fileUrl: URL): string | null {
  const named = fileUrl.searchParams.get('appType');
  if (named) return named;
  return s.apps.length === 1 ? (s.apps[0]?.appType ?? null) : null;
}

/**
 * The bytes of a Yida image/attachment (dingtalk-wave2-apis.md §6.3): the form value's `downloadUrl`
 * (relative values are prefixed with the connector's Yida origin, UNCONFIRMED for corporate sub-domains) is
 * exchanged through GetOpenUrl for a temporary login-free URL, which is fetched without DingTalk headers and
 * streamed to the caller (copy-attachment.ts hashes it on the way into storage).
 */
export async function openYidaAttachment(
  s: YidaSettings,
  downloadUrl: string,
): Promise<{ body: ReadableStream<Uint8Array>; contentType: string | null }> {
  const fileUrl = new URL(downloadUrl, `${s.yidaOrigin}/`);
  const appType = appTypeOf(s, fileUrl);
  const systemToken = appType ? systemTokenOf(s, appType) : null;
  if (!appType || !systemToken) {
    throw new AdapterError(`no systemToken for the app of ${fileUrl.pathname}`, { retryable: false });
  }
  const grant = await callYida<{ result?: string }>(
    s,
    `/v1.0/yida/apps/temporaryUrls/${encodeURIComponent(appType)}`,
    {
      query: {
        systemToken,
        userId: s.operatorUserId,
        fileUrl: fileUrl.toString(),
        timeout: String(TEMPORARY_URL_TIMEOUT_MS),
        language: 'zh_CN',
      },
    },
  );
  if (!grant.result) throw new AdapterError('Yida gave no temporary URL', { retryable: true });
  const response = await fetch(grant.result, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok || !response.body) {
    // An expired or refused URL: the next attempt asks for a new one.
    throw new AdapterError(`Yida file download failed: HTTP ${response.status}`, { retryable: true });
  }
  return { body: response.body, contentType: response.headers.get('content-type') };
}
