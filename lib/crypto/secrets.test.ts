import { expect, test } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  generateSecretsKey,
  openSecrets,
  parseSecretsKey,
  sealSecrets,
} from './secrets';

const key = parseSecretsKey(generateSecretsKey());

test('round-trips text, including Chinese and empty strings', () => {
  for (const text of ['demo-app-secret-0001', '钉钉密钥', '']) {
    expect(decryptSecret(encryptSecret(text, key, 'c1'), key, 'c1')).toBe(text);
  }
  expect(openSecrets(sealSecrets({ clientSecret: 's', aesKey: 'k' }, key, 'c1'), key, 'c1')).toEqual({
    clientSecret: 's',
    aesKey: 'k',
  });
});

test('the same plaintext encrypts differently each time and never appears in the output', () => {
  const a = encryptSecret('top-secret-value', key);
  const b = encryptSecret('top-secret-value', key);
  expect(a).not.toBe(b);
  expect(a).not.toContain('top-secret');
});

test('detects tampering, a wrong key and a wrong context', () => {
  const sealed = encryptSecret('secret', key, 'connector-1');
  const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string];
  const flipped = Buffer.from(body, 'base64url');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  expect(() =>
    decryptSecret([v, iv, tag, flipped.toString('base64url')].join('.'), key, 'connector-1'),
  ).toThrow();
  expect(() => decryptSecret(sealed, parseSecretsKey(generateSecretsKey()), 'connector-1')).toThrow();
  expect(() => decryptSecret(sealed, key, 'connector-2')).toThrow();
  expect(() => decryptSecret('garbage', key)).toThrow(/not a sealed secret/);
});

test('rejects keys of the wrong size', () => {
  expect(() => parseSecretsKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
});
