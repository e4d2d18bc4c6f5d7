import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * DingTalk HTTP callback crypto (dingtalk-api.md §3.3–§3.5): SHA-1 signature over the sorted
 * [token, timestamp, nonce, encrypt], AES-256-CBC with IV = key[0..16], block-32 PKCS#7 padding, and an owner
 * key (the app's Client ID for console subscriptions) after the message.
 */
export function signCallback(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

export function isValidCallbackSignature(
  token: string,
  p: { signature: string; timestamp: string; nonce: string; encrypt: string },
): boolean {
  const expected = Buffer.from(signCallback(token, p.timestamp, p.nonce, p.encrypt), 'utf8');
  const given = Buffer.from(p.signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function keyOf(aesKey43: string): Buffer {
  const key = Buffer.from(`${aesKey43}=`, 'base64');
  if (aesKey43.length !== 43 || key.length !== 32) throw new CallbackCryptoError('illegal aes key');
  return key;
}

export class CallbackCryptoError extends Error {}

/** Decrypts `encrypt` and checks the owner key; throws CallbackCryptoError on anything malformed. */
export function decryptCallback(aesKey43: string, ownerKey: string, encrypt: string): string {
  return decryptCallbackForAnyOwner(aesKey43, [ownerKey], encrypt).message;
}

/**
 * Decrypts `encrypt` whose owner key is one of `ownerKeys`, and says which: a console subscription uses the
 * app's Client ID, one registered through `call_back/register_call_back` the corpId (§3.1), and the reply must
 * be encrypted with the same one. Throws CallbackCryptoError on anything malformed or another owner.
 */
export function decryptCallbackForAnyOwner(
  aesKey43: string,
  ownerKeys: readonly string[],
  encrypt: string,
): { message: string; ownerKey: string } {
  const key = keyOf(aesKey43);
  const cipherBytes = Buffer.from(encrypt, 'base64');
  if (cipherBytes.length === 0 || cipherBytes.length % 16 !== 0)
    throw new CallbackCryptoError('bad ciphertext length');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  } catch {
    throw new CallbackCryptoError('decrypt failed');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 32) throw new CallbackCryptoError('bad padding');
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new CallbackCryptoError('plaintext too short');
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) throw new CallbackCryptoError('length mismatch');
  const owner = body.subarray(20 + length).toString('utf8');
  if (!ownerKeys.includes(owner)) throw new CallbackCryptoError('owner key mismatch');
  // Strict UTF-8: a tampered block decrypts to random bytes, which a lenient decode would turn into U+FFFD and
  // let through as text.
  try {
    return { message: STRICT_UTF8.decode(body.subarray(20, 20 + length)), ownerKey: owner };
  } catch {
    throw new CallbackCryptoError('message is not UTF-8');
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export function encryptCallback(aesKey43: string, ownerKey: string, message: string): string {
  const key = keyOf(aesKey43);
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length);
  const random = Buffer.from(randomBytes(8).toString('hex'), 'utf8');
  const plain = Buffer.concat([random, length, msg, Buffer.from(ownerKey, 'utf8')]);
  const n = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(n, n)])), cipher.final()]).toString(
    'base64',
  );
}

/** The reply DingTalk expects after a stored event: the encrypted `success`, signed (§3.5). */
export function successReply(s: { callbackToken: string; aesKey: string; ownerKey: string }, nonce: string) {
  const timeStamp = String(Date.now());
  const encrypt = encryptCallback(s.aesKey, s.ownerKey, 'success');
  return {
    msg_signature: signCallback(s.callbackToken, timeStamp, nonce, encrypt),
    timeStamp,
    nonce,
    encrypt,
  };
}
