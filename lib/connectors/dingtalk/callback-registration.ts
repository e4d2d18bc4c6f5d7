import type { DbOrTx } from '@/db/client';
import { rawEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { AdapterError } from '../types';
import { type DingTalkSettings, dingtalkSettings } from './config';

/**
 * Registering the HTTP callback through DingTalk's old API (dingtalk-api.md §3.9 end) instead
 * of the developer console: `call_back/register_call_back`, `get_call_back`, `update_call_back`,
 * `delete_call_back`. DingTalk posts an encrypted `check_url` to the URL first and keeps it only when the reply
 * is the encrypted `success` (§3.7), so the connector's own callback route must already answer. A callback
 * registered this way encrypts with the corpId as owner key (§3.1); receive-callback.ts accepts both.
 */

/** The approval events Huiban always needs. */
const BPMS_TAGS = ['bpms_task_change', 'bpms_instance_change'] as const;
/** Other tags Huiban processes when the connector subscribes to them (identity sync). `org_dept_*` are not
 * processed (docs/event-distribution.md), so they are not registered. */
const PROCESSED_TAGS = new Set(['user_add_org', 'user_modify_org', 'user_leave_org']);

/** What Huiban registers for this connector. */
export type ExpectedCallback = { url: string; tags: string[] };

/** What DingTalk has registered, without its token and aes_key (invariant 6): only whether they match ours. */
export type CallbackRegistrationView = {
  expected: ExpectedCallback;
  /** null: DingTalk has none for this app. */
  registered: {
    url: string;
    tags: string[];
    tokenMatches: boolean;
    aesKeyMatches: boolean;
  } | null;
  /** Every part equal: the URL, the tag set, the token and the aes_key. */
  matches: boolean;
  /** Expected tags DingTalk does not send, and tags it sends that Huiban did not ask for. */
  missingTags: string[];
  extraTags: string[];
};

/** Huiban's public callback URL for a connector (APP_URL, or `publicBaseUrl` when given). */
export function callbackUrlOf(connectorId: string, publicBaseUrl?: string): string {
  const base = (publicBaseUrl ?? rawEnv().APP_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  return `${base}/api/callbacks/dingtalk/${connectorId}`;
}

export function expectedCallback(
  s: Pick<DingTalkSettings, 'eventTypes'>,
  connectorId: string,
  publicBaseUrl?: string,
): ExpectedCallback {
  const tags = [...BPMS_TAGS, ...s.eventTypes.filter((t) => PROCESSED_TAGS.has(t))];
  return { url: callbackUrlOf(connectorId, publicBaseUrl), tags: [...new Set(tags)] };
}

/**
 * The settings of a DingTalk connector in HTTP-callback mode with its token and aes_key, or a clear 4xx:
 * unknown → 404; Stream mode, or no token / aes_key / corpId → 409 naming what to set. `unsafe`: holds secrets.
 */
export async function unsafeLoadCallbackConnector(
  db: DbOrTx,
  connectorId: string,
): Promise<DingTalkSettings> {
  const runtime = await unsafeLoadConnectorRuntime(db, connectorId).catch((error: unknown) => {
    throw new AppError('conflict', 'errors:callbackRegistration.secretsUnreadable', { cause: error });
  });
  if (runtime?.kind !== 'dingtalk') throw new AppError('not_found', 'errors:notFound.connector');
  const s = dingtalkSettings(runtime);
  if (s.deliveryMode !== 'http') throw new AppError('conflict', 'errors:callbackRegistration.notHttpMode');
  if (!s.callbackToken || !s.aesKey)
    throw new AppError('conflict', 'errors:callbackRegistration.noTokenOrAesKey');
  // The API-registered callback encrypts with the corpId (§3.1): without it Huiban could not decrypt.
  if (!s.corpId) throw new AppError('conflict', 'errors:callbackRegistration.noCorpId');
  return s;
}

/** DingTalk's refusal as an answer the admin can act on, in our words (the errcode goes to the audit log). */
export function callbackRefusal(error: unknown, fallbackKey: string): never {
  if (!(error instanceof AdapterError)) throw error;
  const code = error.sourceCode ?? '';
  const key =
    code === '71006'
      ? 'errors:callbackRegistration.alreadyExists'
      : error.retryable
        ? 'errors:callbackRegistration.unreachable'
        : fallbackKey;
  throw new AppError(code === '71006' ? 'conflict' : 'upstream_failed', key, { cause: error });
}
