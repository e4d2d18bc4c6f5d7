import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { recordInboundEvent } from '@/lib/inbound/record-inbound-event';
import { hasUnstorableText } from '@/lib/storable-text';
import { derivedOnce, unsafeLoadConnectorRuntimeCached } from '../load-connector';
import {
  CallbackCryptoError,
  decryptCallbackForAnyOwner,
  isValidCallbackSignature,
  successReply,
} from './callback-crypto';
import { dingtalkSettings } from './config';
import { parseCallbackEvent } from './parse-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One DingTalk HTTP callback (dingtalk-api.md §3): verify the signature, decrypt with the app's Client ID (or the
 * corpId, for a callback registered through the API) as owner key, answer `check_url`, store the event, and only then return the encrypted `success` (invariant 1).
 * Nothing is written for an unknown connector (404), a bad signature (401) or an undecryptable body (400).
 */
export async function receiveDingTalkCallback(
  db: Db,
  connectorId: string,
  request: { query: URLSearchParams; rawBody: string },
  now: number = Date.now(),
): Promise<Record<string, string>> {
  if (!UUID.test(connectorId)) throw new AppError('not_found', 'Unknown connector');
  const connector = await unsafeLoadConnectorRuntimeCached(db, connectorId);
  if (connector?.kind !== 'dingtalk' || !connector.enabled)
    throw new AppError('not_found', 'Unknown connector');
  const s = derivedOnce(connector, dingtalkSettings);
  if (!s.aesKey || !s.callbackToken)
    throw new AppError('not_found', 'This connector does not take HTTP callbacks');

  const q = request.query;
  // §3.2: accept both spellings of each parameter.
  const signature = q.get('msg_signature') ?? q.get('signature');
  const timestamp = q.get('timestamp') ?? q.get('timeStamp');
  const nonce = q.get('nonce');
  if (!signature || !timestamp || !nonce)
    throw new AppError('invalid_signature', 'Missing msg_signature, timestamp or nonce');

  let encrypt: unknown;
  try {
    encrypt = (JSON.parse(request.rawBody) as { encrypt?: unknown }).encrypt;
  } catch {
    throw new AppError('invalid_json', 'Body is not JSON');
  }
  if (typeof encrypt !== 'string' || encrypt.length === 0)
    throw new AppError('bad_request', 'Body has no "encrypt" string');
  if (!isValidCallbackSignature(s.callbackToken, { signature, timestamp, nonce, encrypt })) {
    throw new AppError('invalid_signature', 'Signature does not match');
  }
  if (s.callbackWindowSeconds > 0 && !isFresh(timestamp, s.callbackWindowSeconds, now)) {
    throw new AppError('invalid_signature', 'timestamp is outside the accepted window');
  }
  let plaintext: string;
  let ownerKey: string;
  try {
    // Console subscriptions encrypt with the Client ID; one registered by Huiban through call_back/register_call_back
    // (register-callback.ts) with the corpId (§3.1).
    ({ message: plaintext, ownerKey } = decryptCallbackForAnyOwner(
      s.aesKey,
      s.corpId ? [s.clientId, s.corpId] : [s.clientId],
      encrypt,
    ));
  } catch (error) {
    if (error instanceof CallbackCryptoError)
      throw new AppError('bad_request', `Cannot decrypt: ${error.message}`);
    throw error;
  }

  const event = parseCallbackEvent(plaintext);
  // Signed but decrypting to garbage (a flipped byte mid-ciphertext): as undecryptable, 400 and nothing stored.
  if (!event) throw new AppError('bad_request', 'Cannot decrypt: the message is not a JSON object');
  // An event PostgreSQL cannot store (NUL, lone surrogates) is a 400, not a 503 DingTalk would retry forever.
  if (!('checkUrl' in event) && hasUnstorableText([event.sourceEventId, event.type, event.payload]))
    throw new AppError('bad_request', 'Event contains the NUL character or lone surrogates');
  const reply = () =>
    successReply({ callbackToken: s.callbackToken as string, aesKey: s.aesKey as string, ownerKey }, nonce);
  if ('checkUrl' in event) return reply();
  try {
    await recordInboundEvent(db, connectorId, event);
  } catch (error) {
    // Not stored → not acknowledged: DingTalk retries (+10 s, +30 s, then the failed-events list).
    throw new AppError('unavailable', 'Event could not be stored; retry later', { cause: error });
  }
  return reply();
}

/** `timestamp` in seconds or milliseconds (§3.2), within `windowSeconds` of now. */
function isFresh(timestamp: string, windowSeconds: number, now: number): boolean {
  if (!/^\d{1,16}$/.test(timestamp)) return false;
  const value = Number(timestamp);
  const ms = value < 1e12 ? value * 1000 : value;
  return Math.abs(now - ms) <= windowSeconds * 1000;
}
