import { expect, test } from 'vitest';
import {
  CallbackCryptoError,
  decryptCallback,
  encryptCallback,
  isValidCallbackSignature,
  signCallback,
  successReply,
} from './callback-crypto';

// dingtalk-api.md §3.6, verified vectors.
const A = {
  token: '123456',
  aesKey: '1234567890123456789012345678901234567890123',
  owner: 'dingsnotzck6pm5veliw',
  timestamp: '1614767836',
  nonce: 'A7Co0cJLMzIDtMMI',
  signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
  encrypt: 'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
  plain: 'success',
};
const B = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  owner: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  plain: '{"EventType":"check_url"}',
};

test.each([A, B])('reproduces the reference signature and plaintext ($plain)', (v) => {
  expect(signCallback(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
  expect(isValidCallbackSignature(v.token, { ...v })).toBe(true);
  expect(decryptCallback(v.aesKey, v.owner, v.encrypt)).toBe(v.plain);
});

test('round-trips Chinese text, and the success reply decrypts and verifies', () => {
  const message = JSON.stringify({ EventType: 'bpms_task_change', title: '张三提交的采购申请' });
  expect(decryptCallback(B.aesKey, B.owner, encryptCallback(B.aesKey, B.owner, message))).toBe(message);
  const reply = successReply({ callbackToken: B.token, aesKey: B.aesKey, ownerKey: B.owner }, 'n0nce');
  expect(decryptCallback(B.aesKey, B.owner, reply.encrypt)).toBe('success');
  expect(signCallback(B.token, reply.timeStamp, 'n0nce', reply.encrypt)).toBe(reply.msg_signature);
});

test('rejects a wrong signature, a wrong owner key, a wrong key and garbage', () => {
  expect(isValidCallbackSignature(A.token, { ...A, signature: 'f'.repeat(40) })).toBe(false);
  expect(isValidCallbackSignature('other', { ...A })).toBe(false);
  expect(() => decryptCallback(B.aesKey, 'dingSomeoneElse', B.encrypt)).toThrow(CallbackCryptoError);
  expect(() => decryptCallback(A.aesKey, B.owner, B.encrypt)).toThrow(CallbackCryptoError);
  expect(() => decryptCallback(B.aesKey, B.owner, 'not base64 at all!')).toThrow(CallbackCryptoError);
  expect(() => decryptCallback(B.aesKey, B.owner, '')).toThrow(CallbackCryptoError);
  expect(() => decryptCallback('short', B.owner, B.encrypt)).toThrow(CallbackCryptoError);
});
