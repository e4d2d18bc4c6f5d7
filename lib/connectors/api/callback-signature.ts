import { generateSigningSecret, SIGNATURE_HEADER, signBody, verifySignature } from '@/lib/crypto/signature';

export { SIGNATURE_HEADER };

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with the connector's callback secret>`. */
export function signCallbackBody(secret: string, body: string): string {
  return signBody(secret, body);
}

/** What a receiver does (docs/open-api.md shows the same in a few lines): constant-time compare. */
export function verifyCallbackSignature(secret: string, body: string, header: string | null): boolean {
  return verifySignature(secret, body, header);
}

/** A fresh callback secret, shown to the admin once. */
export function generateCallbackSecret(): string {
  return generateSigningSecret();
}
