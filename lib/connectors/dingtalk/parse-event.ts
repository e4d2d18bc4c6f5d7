import { createHash } from 'node:crypto';
import type { InboundEventInput } from '@/lib/inbound/record-inbound-event';
import { CONTACT_EVENT_TYPES } from './list-directory';

/** Approval events Huiban turns into tasks; others are stored and marked rejected (nothing to do). */
export const APPROVAL_EVENT_TYPES = new Set(['bpms_task_change', 'bpms_instance_change']);

type Fields = Record<string, unknown>;

/** Reads a field case-insensitively (HTTP envelopes vary: CorpId/corpId, EventType/eventType; §3.8). */
function field(data: Fields, name: string): unknown {
  if (name in data) return data[name];
  const lower = name.toLowerCase();
  const key = Object.keys(data).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : data[key];
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** One EVENT frame from the Stream gateway (§2.3): headers carry the id and type, `data` the fields. */
export function parseStreamEvent(event: {
  eventId: string;
  eventType: string;
  data: unknown;
  rawData: string;
}): InboundEventInput {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Fields;
  return toInbound(
    event.eventId,
    event.eventType,
    data,
    typeof event.data === 'object' ? event.data : event.rawData,
  );
}

/**
 * One decrypted HTTP callback body (§3.8): the fields are flattened next to the envelope. Null when the
 * plaintext is not a JSON object: DingTalk always sends one, so anything else is a tampered or corrupted
 * ciphertext (the caller answers 400 and stores nothing).
 */
export function parseCallbackEvent(plaintext: string): InboundEventInput | { checkUrl: true } | null {
  let data: Fields;
  try {
    const parsed = JSON.parse(plaintext) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    data = parsed as Fields;
  } catch {
    return null;
  }
  const type = text(field(data, 'EventType')) ?? 'unknown';
  if (type === 'check_url') return { checkUrl: true };
  // eventId is documented in the envelope; BizId or a digest of the body keep redeliveries idempotent otherwise.
  const eventId =
    text(field(data, 'eventId')) ??
    text(field(data, 'BizId')) ??
    `sha1:${createHash('sha1').update(plaintext).digest('hex')}`;
  return toInbound(eventId, type, data, Object.keys(data).length ? data : plaintext);
}

function toInbound(eventId: string, type: string, data: Fields, payload: unknown): InboundEventInput {
  const instanceExternalId = text(field(data, 'processInstanceId'));
  let rejection: string | null = null;
  // Contact changes (§7.3) name people, not an instance: processed by the directory sync.
  if (CONTACT_EVENT_TYPES.has(type)) rejection = null;
  else if (!APPROVAL_EVENT_TYPES.has(type)) rejection = `unsupported event type ${type}`;
  else if (!instanceExternalId) rejection = 'approval event without processInstanceId';
  return {
    sourceEventId: eventId,
    type,
    instanceExternalId,
    payload,
    rejection,
  };
}
