import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { recordInboundEvent } from '@/lib/inbound/record-inbound-event';
import { refuseCrossActionReplay } from '@/lib/security/refuse-cross-action-replay';
import { hasUnstorableText } from '@/lib/storable-text';
import { derivedOnce, unsafeLoadConnectorRuntimeCached } from '../load-connector';
import { systemTokenOf, YIDA_PUSH_ACTIONS, type YidaPushAction, yidaSettings } from './config';
import { decodePushParams, parsePush, YidaPushFormatError } from './parse-push';
import { isValidYidaSign } from './signature';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the push's payload in inbound_events holds: the action (from the URL) and the signed parameters. */
export type StoredYidaPush = { action: YidaPushAction; params: Record<string, string>; processCode?: string };

/**
 * One Yida integration-center push (yida-connect-api.md §1): the action comes from the URL, the parameters
 * from any encoding; the MD5 sign is checked with the app's systemToken and `dateTime` against a window; the
 * push is stored and only then answered `{"success":true}` (invariant 1; Yida never retries, so a push we
 * fail is repaired by reconciliation). Unknown connector or action → 404, bad signature → 401, malformed →
 * 400; nothing is written for any of them.
 */
export async function receiveYidaPush(
  db: Db,
  input: {
    connectorId: string;
    action: string;
    contentType: string;
    rawBody: string;
    query: URLSearchParams;
  },
  now: number = Date.now(),
): Promise<{ success: true }> {
  if (!UUID.test(input.connectorId)) throw new AppError('not_found', 'Unknown connector');
  if (!(YIDA_PUSH_ACTIONS as readonly string[]).includes(input.action))
    throw new AppError('not_found', `Unknown push action ${input.action.slice(0, 40)}`);
  const action = input.action as YidaPushAction;
  const connector = await unsafeLoadConnectorRuntimeCached(db, input.connectorId);
  if (connector?.kind !== 'yida' || !connector.enabled) throw new AppError('not_found', 'Unknown connector');
  const s = derivedOnce(connector, yidaSettings);
  if (!s.enabledActions.includes(action))
    throw new AppError('not_found', `Push action ${action} is not enabled on this connector`);

  let push: ReturnType<typeof parsePush>;
  try {
    push = parsePush(action, await decodePushParams(input));
  } catch (error) {
    if (error instanceof YidaPushFormatError) throw new AppError('bad_request', error.message);
    throw error;
  }
  // Parameters PostgreSQL cannot store (NUL, lone surrogates) are a 400, never a failed insert.
  if (hasUnstorableText(push.params))
    throw new AppError('bad_request', 'Parameters contain the NUL character or lone surrogates');
  const token = systemTokenOf(s, push.appType);
  if (!token) throw new AppError('invalid_signature', `No systemToken configured for ${push.appType}`);
  if (!isValidYidaSign(push.params, token))
    throw new AppError('invalid_signature', 'Signature does not match');
  // No nonce in the protocol: a freshness window bounds replays; exact replays also dedupe on the sign below.
  if (s.signatureWindowSeconds > 0 && Math.abs(now - push.at) > s.signatureWindowSeconds * 1000)
    throw new AppError('invalid_signature', 'dateTime is outside the accepted window');
  if (s.corpId && push.corpId && push.corpId !== s.corpId)
    throw new AppError('bad_request', 'corpId does not match this connector');

  const sign = push.params.sign?.toLowerCase();
  await refuseCrossActionReplay(db, {
    connectorId: connector.id,
    sourceEventIds: YIDA_PUSH_ACTIONS.filter((a) => a !== action).map((a) => `${a}:${sign}`),
  });

  const payload: StoredYidaPush = { action, params: push.params };
  if (push.task?.processCode) payload.processCode = push.task.processCode;
  try {
    // The action is part of the id: complete and cancel pushes can be byte-for-byte the same (§9.11).
    await recordInboundEvent(db, connector.id, {
      sourceEventId: `${action}:${sign}`,
      type: `yida.${action}`,
      instanceExternalId: push.instanceId,
      payload,
    });
  } catch (error) {
    throw new AppError('unavailable', 'Push could not be stored', { cause: error });
  }
  return { success: true };
}
