import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * DingTalk HTTP-callback crypto (dingtalk-api.md §3.3–§3.5), written from the spec so that both the
 * sandbox (sender) and tests (receiver) can use it. Error codes are the library's 9000xx codes.
 */
export class CallbackCryptoError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`${code} ${message}`);
    this.name = 'CallbackCryptoError';
  }
}

const AES_BLOCK = 32; // PKCS#7 with a 32-byte block, not AES's 16 (§3.4 step 4)
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The 32-byte AES key: base64(aes_key + "="); a 43-char aes_key is required (900004 otherwise). */
export function callbackAesKey(aesKey43: string): Buffer {
  if (aesKey43.length !== 43) throw new CallbackCryptoError(900004, '不合法的aes key');
  const key = Buffer.from(`${aesKey43}=`, 'base64');
  if (key.length !== 32) throw new CallbackCryptoError(900004, '不合法的aes key');
  return key;
}

/** `hex(sha1(sort([token, timestamp, nonce, encrypt]).join('')))`, a plain string sort (§3.3). */
export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Random letters/digits, as the official libraries use for the 16-byte prefix and for nonces. */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/**
 * Encrypts `msg` for the owner key (appKey for console subscriptions, corpId for the old
 * registration API). `random16` is injectable so tests can be deterministic.
 */
export function encryptCallbackMessage(
  aesKey43: string,
  ownerKey: string,
  msg: string,
  random16: string = randomAlnum(16),
): string {
  const key = callbackAesKey(aesKey43);
  const body = Buffer.from(msg, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const plain = Buffer.concat([Buffer.from(random16, 'utf8'), len, body, Buffer.from(ownerKey, 'utf8')]);
  const pad = AES_BLOCK - (plain.length % AES_BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Decrypts and checks the owner key (900010 on mismatch), following the Java library's padding rule. */
export function decryptCallbackMessage(aesKey43: string, ownerKey: string, encrypt: string): string {
  const key = callbackAesKey(aesKey43);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  } catch {
    throw new CallbackCryptoError(900008, '解密失败');
  }
  const pad = plain[plain.length - 1] ?? 0;
  const unpadded = plain.subarray(0, plain.length - (pad >= 1 && pad <= AES_BLOCK ? pad : 0));
  if (unpadded.length < 20) throw new CallbackCryptoError(900009, '解密后得到的buffer非法');
  const len = unpadded.readUInt32BE(16);
  if (20 + len > unpadded.length) throw new CallbackCryptoError(900009, '解密后得到的buffer非法');
  const msg = unpadded.subarray(20, 20 + len).toString('utf8');
  const owner = unpadded.subarray(20 + len).toString('utf8');
  if (owner !== ownerKey) throw new CallbackCryptoError(900010, '计算解密文字corpid不匹配');
  return msg;
}

export type CallbackEnvelope = { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };

export type CallbackSecrets = { token: string; aesKey: string; ownerKey: string };

/** Builds the JSON a receiver answers with: the encrypted word `success` (§3.5). */
export function encryptedCallbackReply(
  secrets: CallbackSecrets,
  plaintext = 'success',
  timeStamp: string = String(Date.now()),
  nonce: string = randomAlnum(16),
): CallbackEnvelope {
  const encrypt = encryptCallbackMessage(secrets.aesKey, secrets.ownerKey, plaintext);
  return {
    msg_signature: callbackSignature(secrets.token, timeStamp, nonce, encrypt),
    timeStamp,
    nonce,
    encrypt,
  };
}

/** Verifies a signature, then decrypts (900005 when the signature does not match). */
export function openCallbackMessage(
  secrets: CallbackSecrets,
  input: { signature: string; timestamp: string; nonce: string; encrypt: string },
): string {
  const expected = callbackSignature(secrets.token, input.timestamp, input.nonce, input.encrypt);
  if (expected !== input.signature) throw new CallbackCryptoError(900005, '签名不匹配');
  return decryptCallbackMessage(secrets.aesKey, secrets.ownerKey, input.encrypt);
}
