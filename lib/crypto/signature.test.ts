import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import { signCallbackBody } from '@/lib/connectors/api/callback-signature';
import { generateSigningSecret, signBody, verifySignature } from './signature';

const SECRET = 'whsec_test';
const BODY = '{"id":"evt_1","type":"task.created","occurredAt":"2026-11-23T08:00:00.000Z","data":{}}';
const TS = '1795420800'; // 2026-11-23T08:00:00Z
const NOW = Number(TS) * 1000;

test('a webhook signature is HMAC-SHA256 of "<timestamp>.<body>", as a receiver recomputes it with node:crypto', () => {
  const independent = `sha256=${createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex')}`;
  expect(signBody(SECRET, BODY, TS)).toBe(independent);
  expect(verifySignature(SECRET, BODY, independent, { timestamp: TS, now: NOW })).toBe(true);
});

test('any changed byte, secret or timestamp fails verification; so does a stale or missing timestamp', () => {
  const header = signBody(SECRET, BODY, TS);
  expect(
    verifySignature(SECRET, BODY.replace('created', 'creatEd'), header, { timestamp: TS, now: NOW }),
  ).toBe(false);
  expect(verifySignature('whsec_tesT', BODY, header, { timestamp: TS, now: NOW })).toBe(false);
  expect(verifySignature(SECRET, BODY, header, { timestamp: String(Number(TS) + 1), now: NOW })).toBe(false);
  // Replayed 10 minutes later: outside the default 5-minute tolerance.
  expect(verifySignature(SECRET, BODY, header, { timestamp: TS, now: NOW + 600_000 })).toBe(false);
  expect(
    verifySignature(SECRET, BODY, header, { timestamp: TS, now: NOW + 600_000, toleranceSeconds: 900 }),
  ).toBe(true);
  expect(verifySignature(SECRET, BODY, header, { timestamp: null, now: NOW })).toBe(false);
  expect(verifySignature(SECRET, BODY, header, { timestamp: 'abc', now: NOW })).toBe(false);
  expect(verifySignature(SECRET, BODY, null, { timestamp: TS, now: NOW })).toBe(false);
  expect(verifySignature(SECRET, BODY, 'sha256=00', { timestamp: TS, now: NOW })).toBe(false);
});

test('without a timestamp it is the open API callback signature (body only), unchanged', () => {
  expect(signBody(SECRET, '{"event":"task.action"}')).toBe(
    signCallbackBody(SECRET, '{"event":"task.action"}'),
  );
  expect(signBody(SECRET, '{"event":"task.action"}')).toBe(
    'sha256=d61adddc4fba67f43ca50735c90c75c939073a92357b130da851dae2f32674e1',
  );
  expect(generateSigningSecret()).toMatch(/^whsec_[\w-]{32}$/);
  expect(generateSigningSecret()).not.toBe(generateSigningSecret());
});
