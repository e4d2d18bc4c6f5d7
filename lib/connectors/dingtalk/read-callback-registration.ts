import type { DbOrTx } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AdapterError } from '../types';
import {
  type CallbackRegistrationView,
  callbackRefusal,
  expectedCallback,
  unsafeLoadCallbackConnector,
} from './callback-registration';
import { callOapi } from './open-api';

type GetCallBack = { call_back_tag?: unknown; token?: unknown; aes_key?: unknown; url?: unknown };

/**
 * "What DingTalk has registered" (`call_back/get_call_back`), compared with what Huiban would register: the
 * URL, the tags, and whether the token and aes_key are the connector's. The token and aes_key themselves never
 * leave the server. DingTalk answering that no callback exists (`71005` in the sandbox; the code is
 * UNCONFIRMED, see docs/dingtalk-connector.md) is `registered: null`.
 */
export async function readCallbackRegistrationAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
  options: { publicBaseUrl?: string } = {},
): Promise<CallbackRegistrationView> {
  assertAdmin(viewer);
  const s = await unsafeLoadCallbackConnector(db, connectorId);
  const expected = expectedCallback(s, connectorId, options.publicBaseUrl);
  let answer: GetCallBack | null;
  try {
    answer = await callOapi<GetCallBack>(s, '/call_back/get_call_back', undefined, { method: 'GET' });
  } catch (error) {
    if (error instanceof AdapterError && NOT_REGISTERED.has(error.sourceCode ?? '')) answer = null;
    else callbackRefusal(error, 'errors:callbackRegistration.readFailed');
  }
  if (!answer)
    return { expected, registered: null, matches: false, missingTags: expected.tags, extraTags: [] };
  const tags = Array.isArray(answer.call_back_tag) ? answer.call_back_tag.map(String) : [];
  const registered = {
    url: typeof answer.url === 'string' ? answer.url : '',
    tags,
    tokenMatches: answer.token === s.callbackToken,
    aesKeyMatches: answer.aes_key === s.aesKey,
  };
  const missingTags = expected.tags.filter((t) => !tags.includes(t));
  const extraTags = tags.filter((t) => !expected.tags.includes(t));
  const matches =
    registered.url === expected.url &&
    missingTags.length === 0 &&
    extraTags.length === 0 &&
    registered.tokenMatches &&
    registered.aesKeyMatches;
  return { expected, registered, matches, missingTags, extraTags };
}

/** get_call_back's "no callback registered" answer (UNCONFIRMED; the sandbox's). */
const NOT_REGISTERED = new Set(['71005']);
