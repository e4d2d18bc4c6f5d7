import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>`: the HMAC-SHA256 of what was signed, keyed with the subscriber's secret. */
export const SIGNATURE_HEADER = 'x-huiban-signature';
/**
 * The time of signing; part of the signed text, so a captured request cannot be replayed later. Unix seconds
 * for event distribution; milliseconds for local workflow webhooks (docs/local-workflows.md), whose receivers
 * check the signature over "<timestamp>.<body>" and their own window.
 */
export const TIMESTAMP_HEADER = 'x-huiban-timestamp';
/** How far a receiver should accept the timestamp from its own clock (docs/event-distribution.md). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The signature header value. With a timestamp the signed text is `${timestamp}.${body}` (outbound webhooks:
 * event distribution and local workflow automations);
 * without one it is the body alone (the open API's action callbacks, docs/open-api.md).
 */
export function signBody(secret: string, body: string, timestamp?: string): string {
  const text = timestamp === undefined ? body : `${timestamp}.${body}`;
  return `sha256=${createHmac('sha256', secret).update(text, 'utf8').digest('hex')}`;
}

export type VerifyOptions = {
  /** The `x-huiban-timestamp` header; required when the sender signs with one. */
  timestamp?: string | null;
  toleranceSeconds?: number;
  /** Receiver's clock, in ms (tests). */
  now?: number;
};

/** What a receiver does: recompute, compare in constant time, and refuse a stale timestamp. */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  options: VerifyOptions = {},
): boolean {
  if (!header) return false;
  if (options.timestamp !== undefined) {
    if (!options.timestamp || !/^\d{1,12}$/.test(options.timestamp)) return false;
    const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    const age = Math.abs((options.now ?? Date.now()) / 1000 - Number(options.timestamp));
    if (age > tolerance) return false;
  }
  const expected = Buffer.from(signBody(secret, body, options.timestamp ?? undefined));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A fresh signing secret, shown to the admin once. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
