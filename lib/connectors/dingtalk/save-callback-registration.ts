import type { Db } from '@/db/client';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { recordConnectorAudit } from '../record-connector-audit';
import { callbackRefusal, expectedCallback, unsafeLoadCallbackConnector } from './callback-registration';
import { callOapi } from './open-api';
import { readCallbackRegistrationAsAdmin } from './read-callback-registration';

/**
 * Registers (`call_back/register_call_back`) or updates (`call_back/update_call_back`) the app's HTTP callback
 * with the connector's token and aes_key, Huiban's callback URL and the tags it needs. DingTalk checks the URL
 * with an encrypted `check_url` first (answered by the connector's callback route) and refuses when the check
 * fails; registering when one exists is `71006` (409, "update it instead"). Audited with the URL and tags, never
 * the token or aes_key. Returns what DingTalk then has.
 */
export async function saveCallbackRegistrationAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  mode: 'register' | 'update',
  options: { publicBaseUrl?: string; meta?: RequestMeta } = {},
) {
  assertAdmin(viewer);
  const s = await unsafeLoadCallbackConnector(db, connectorId);
  const expected = expectedCallback(s, connectorId, options.publicBaseUrl);
  const path = mode === 'register' ? '/call_back/register_call_back' : '/call_back/update_call_back';
  try {
    await callOapi(s, path, {
      call_back_tag: expected.tags,
      token: s.callbackToken,
      aes_key: s.aesKey,
      url: expected.url,
    });
  } catch (error) {
    await recordConnectorAudit(
      db,
      viewer,
      'connector.dingtalk_callback.refused',
      connectorId,
      { mode, url: expected.url, tags: expected.tags, errcode: errcodeOf(error) },
      options.meta,
    );
    callbackRefusal(error, 'errors:callbackRegistration.checkUrlFailed');
  }
  await recordConnectorAudit(
    db,
    viewer,
    mode === 'register' ? 'connector.dingtalk_callback.register' : 'connector.dingtalk_callback.update',
    connectorId,
    { url: expected.url, tags: expected.tags },
    options.meta,
  );
  return readCallbackRegistrationAsAdmin(db, viewer, connectorId, options);
}

function errcodeOf(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'sourceCode' in error
    ? String((error as { sourceCode?: unknown }).sourceCode ?? '')
    : null;
}
