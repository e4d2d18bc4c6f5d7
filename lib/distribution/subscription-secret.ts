import { decryptSecret, encryptSecret, getSecretsKey } from '@/lib/crypto/secrets';

// Invariant 6: the signing secret is sealed with AES-GCM and bound to its subscription id.
const context = (subscriptionId: string) => `subscription:${subscriptionId}`;

export function sealSubscriptionSecret(subscriptionId: string, secret: string): string {
  return encryptSecret(secret, getSecretsKey(), context(subscriptionId));
}

/** `unsafe`: returns the plain secret, for signing only; never send or log it. */
export function unsafeOpenSubscriptionSecret(subscriptionId: string, sealed: string): string {
  return decryptSecret(sealed, getSecretsKey(), context(subscriptionId));
}
