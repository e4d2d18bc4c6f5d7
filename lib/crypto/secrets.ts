import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { rawEnv } from '@/lib/env';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Reads a 32-byte AES key from its base64 form. */
export function parseSecretsKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('secrets key must be 32 bytes (base64)');
  return key;
}

/** A fresh random key, base64, for `HUIBAN_SECRETS_KEY`. */
export function generateSecretsKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * AES-256-GCM encryption of connector secrets at rest (invariant 6). Output: `v1.<iv>.<tag>.<ciphertext>`
 * (base64url). `context` (e.g. the connector id) is bound as associated data, so a ciphertext copied onto
 * another row does not decrypt.
 */
export function encryptSecret(plaintext: string, key: Buffer, context = ''): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
}

/** Decrypts what `encryptSecret` made; throws on a wrong key, wrong context, or any tampering. */
export function decryptSecret(sealed: string, key: Buffer, context = ''): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Encrypts a JSON object of secrets (a connector's clientSecret, aesKey, …). */
export function sealSecrets(secrets: Record<string, string>, key: Buffer, context: string): string {
  return encryptSecret(JSON.stringify(secrets), key, context);
}

export function openSecrets(sealed: string, key: Buffer, context: string): Record<string, string> {
  return JSON.parse(decryptSecret(sealed, key, context)) as Record<string, string>;
}

/** The process's key, from HUIBAN_SECRETS_KEY (npm run dev generates a demo one into .data/). */
export function getSecretsKey(): Buffer {
  const base64 = rawEnv().HUIBAN_SECRETS_KEY;
  if (!base64) throw new Error('HUIBAN_SECRETS_KEY is not set');
  return parseSecretsKey(base64);
}
