import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-huiban-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with the connector's callback secret>`. */
export function signCallbackBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does (docs/open-api.md shows the same in a few lines): constant-time compare. */
export function verifyCallbackSignature(secret: string, body: string, header: string | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signCallbackBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A fresh callback secret, shown to the admin once. */
export function generateCallbackSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
