import { expect, test } from 'vitest';
import { isHttpsAppUrl, nextAuthUrl, parseEnv, parseStorageEnv } from './env';

const base = { DATABASE_URL: 'postgres://u@localhost:5432/db' };
const key = Buffer.alloc(32, 7).toString('base64');

test('applies defaults and treats empty strings as unset', () => {
  const env = parseEnv({ ...base, APP_URL: '', HUIBAN_DEMO: '' });
  expect(env.APP_URL).toBe('http://localhost:3000');
  expect(env.HUIBAN_DEMO).toBe(false);
  expect(env.DINGTALK_API_BASE).toBe('https://api.dingtalk.com');
  expect(env.NODE_ENV).toBe('development');
});

test('parses booleans and base URLs', () => {
  const env = parseEnv({ ...base, HUIBAN_DEMO: 'true', DINGTALK_API_BASE: 'http://127.0.0.1:4010' });
  expect(env.HUIBAN_DEMO).toBe(true);
  expect(env.DINGTALK_API_BASE).toBe('http://127.0.0.1:4010');
});

test('names every invalid variable in one error', () => {
  expect(() =>
    parseEnv({ DATABASE_URL: 'mysql://x', DINGTALK_API_BASE: 'not a url', LOG_LEVEL: 'loud' }),
  ).toThrow(
    /DATABASE_URL[\s\S]*LOG_LEVEL[\s\S]*DINGTALK_API_BASE|DATABASE_URL[\s\S]*DINGTALK_API_BASE[\s\S]*LOG_LEVEL/,
  );
  expect(() => parseEnv({})).toThrow(/DATABASE_URL/);
});

test('production requires real secrets and APP_URL, demo mode included', () => {
  expect(() => parseEnv({ ...base, NODE_ENV: 'production' })).toThrow(/HUIBAN_SECRETS_KEY: is required/);
  expect(() => parseEnv({ ...base, NODE_ENV: 'production', HUIBAN_SECRETS_KEY: key })).toThrow(
    /NEXTAUTH_SECRET/,
  );
  expect(() =>
    parseEnv({ ...base, NODE_ENV: 'production', HUIBAN_SECRETS_KEY: key, NEXTAUTH_SECRET: 'x' }),
  ).toThrow(/APP_URL: is required/);
  const prod = { ...base, NODE_ENV: 'production', HUIBAN_SECRETS_KEY: key, NEXTAUTH_SECRET: 'x' };
  expect(parseEnv({ ...prod, APP_URL: 'https://huiban.example.com' }).NODE_ENV).toBe('production');
  // HUIBAN_DEMO=true no longer skips the production checks.
  expect(() => parseEnv({ ...base, NODE_ENV: 'production', HUIBAN_DEMO: 'true' })).toThrow(
    /HUIBAN_SECRETS_KEY: is required[\s\S]*NEXTAUTH_SECRET[\s\S]*APP_URL/,
  );
});

test('next-auth follows APP_URL; https makes cookies Secure', () => {
  expect(nextAuthUrl({ APP_URL: 'https://huiban.example.com' })).toBe('https://huiban.example.com');
  expect(nextAuthUrl({ APP_URL: 'https://a.example', NEXTAUTH_URL: 'https://b.example' })).toBe(
    'https://b.example',
  );
  expect(isHttpsAppUrl({ APP_URL: 'https://huiban.example.com' })).toBe(true);
  expect(isHttpsAppUrl({ APP_URL: 'http://localhost:3000' })).toBe(false);
});

test('TRUSTED_PROXIES must be IPs or CIDRs', () => {
  expect(parseEnv({ ...base, TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' }).TRUSTED_PROXIES).toBeDefined();
  expect(() => parseEnv({ ...base, TRUSTED_PROXIES: 'proxy.local' })).toThrow(/TRUSTED_PROXIES/);
});

test('rejects a secrets key of the wrong length', () => {
  expect(() => parseEnv({ ...base, HUIBAN_SECRETS_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
    /32 bytes/,
  );
});

test('storage: local by default; s3 needs a bucket and takes its options', () => {
  expect(parseEnv(base)).toMatchObject({ STORAGE_DRIVER: 'local', STORAGE_DIR: '.data/storage' });
  expect(() => parseEnv({ ...base, STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET: is required/);
  expect(() => parseStorageEnv({ STORAGE_DRIVER: 's3', S3_PART_SIZE_MB: '1' })).toThrow(
    /S3_PART_SIZE_MB[\s\S]*S3_BUCKET|S3_BUCKET[\s\S]*S3_PART_SIZE_MB/,
  );
  expect(
    parseStorageEnv({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
    }),
  ).toMatchObject({
    STORAGE_DRIVER: 's3',
    S3_BUCKET: 'files',
    S3_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: true,
    S3_PART_SIZE_MB: 8,
    S3_UPLOAD_QUEUE_SIZE: 2,
  });
});
