import { expect, test } from 'vitest';
import { clientIp } from './client-ip';

test('without trusted proxies only the last X-Forwarded-For entry counts', () => {
  expect(clientIp('6.6.6.6, 10.0.0.5', undefined)).toBe('10.0.0.5');
  expect(clientIp('::ffff:127.0.0.1', undefined)).toBe('127.0.0.1');
  expect(clientIp('not-an-ip', undefined)).toBeNull();
  expect(clientIp(null, undefined)).toBeNull();
});

test('entries added by trusted proxies are skipped; a forged left part is never believed', () => {
  expect(clientIp('6.6.6.6, 203.0.113.7, 10.0.0.5', '10.0.0.0/8')).toBe('203.0.113.7');
  expect(clientIp('203.0.113.7, 10.0.0.9, 10.0.0.5', '10.0.0.0/8')).toBe('203.0.113.7');
  expect(clientIp('10.0.0.9', '10.0.0.0/8')).toBe('10.0.0.9');
});
