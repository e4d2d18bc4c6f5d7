import { createDecipheriv } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  CallbackCryptoError,
  callbackSignature,
  decryptCallbackMessage,
  encryptCallbackMessage,
  encryptedCallbackReply,
  openCallbackMessage,
} from './dingtalk-callback';

// dingtalk-api.md §3.6, verbatim.
const VECTORS = [
  {
    name: 'A (configure-stream-push)',
    token: '123456',
    aesKey: '1234567890123456789012345678901234567890123',
    ownerKey: 'dingsnotzck6pm5veliw',
    timestamp: '1614767836',
    nonce: 'A7Co0cJLMzIDtMMI',
    signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
    encrypt: 'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
    plaintext: 'success',
  },
  {
    name: 'B (DingCallbackCrypto3.py)',
    token: 'mryue',
    aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
    ownerKey: 'ding6ccabc44d2c8d38b',
    timestamp: '1608001896814',
    nonce: 'WL4PK6yA',
    signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
    encrypt:
      '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
    plaintext: '{"EventType":"check_url"}',
  },
];

/** The 16-byte random prefix of a vector, read with plain node:crypto (not the module under test). */
function randomPrefixOf(aesKey: string, encrypt: string): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()])
    .subarray(0, 16)
    .toString('utf8');
}

for (const v of VECTORS) {
  test(`vector ${v.name}: signature`, () => {
    expect(callbackSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
  });

  test(`vector ${v.name}: decrypt`, () => {
    expect(decryptCallbackMessage(v.aesKey, v.ownerKey, v.encrypt)).toBe(v.plaintext);
  });

  test(`vector ${v.name}: encrypt reproduces the ciphertext byte for byte`, () => {
    const prefix = randomPrefixOf(v.aesKey, v.encrypt);
    expect(encryptCallbackMessage(v.aesKey, v.ownerKey, v.plaintext, prefix)).toBe(v.encrypt);
  });

  test(`vector ${v.name}: verify then open`, () => {
    const secrets = { token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey };
    const input = { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt };
    expect(openCallbackMessage(secrets, input)).toBe(v.plaintext);
    expect(() => openCallbackMessage(secrets, { ...input, nonce: 'other' })).toThrow(CallbackCryptoError);
  });
}

test('a wrong owner key is 900010', () => {
  const v = VECTORS[0]!;
  try {
    decryptCallbackMessage(v.aesKey, 'dingsomeoneelse', v.encrypt);
    expect.unreachable();
  } catch (err) {
    expect((err as CallbackCryptoError).code).toBe(900010);
  }
});

test('a 42-char aes key is 900004', () => {
  expect(() => encryptCallbackMessage('x'.repeat(42), 'k', 'm')).toThrow('900004');
});

test('round trip with Chinese text and block-aligned plaintexts (a full 32-byte pad block)', () => {
  const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  for (let n = 0; n < 70; n++) {
    const msg = `审批${'x'.repeat(n)}`;
    const enc = encryptCallbackMessage(aesKey, 'dingappkey', msg);
    expect(decryptCallbackMessage(aesKey, 'dingappkey', enc)).toBe(msg);
  }
});

test('encryptedCallbackReply signs over its own timeStamp and nonce', () => {
  const secrets = {
    token: 'tok123',
    aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    ownerKey: 'dingapp',
  };
  const reply = encryptedCallbackReply(secrets, 'success', '1723624717', 'a1B2c3D4e5F6g7H8');
  expect(Object.keys(reply).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
  expect(reply.msg_signature).toBe(
    callbackSignature('tok123', '1723624717', 'a1B2c3D4e5F6g7H8', reply.encrypt),
  );
  expect(decryptCallbackMessage(secrets.aesKey, 'dingapp', reply.encrypt)).toBe('success');
});
