import { expect, test } from 'vitest';
import { clientIp, isTrustedProxy } from './client-ip';

test('without trusted proxies the TCP peer is the client, whatever X-Forwarded-For claims', () => {
  expect(clientIp('6.6.6.6', '203.0.113.9', undefined)).toBe('203.0.113.9');
  expect(clientIp('6.6.6.6, 10.0.0.5', '::ffff:127.0.0.1', undefined)).toBe('127.0.0.1');
  expect(clientIp(null, '198.51.100.1', undefined)).toBe('198.51.100.1');
  // An unknown peer (the request was not stamped) is an unknown client, never the header's claim.
  expect(clientIp('6.6.6.6', null, undefined)).toBeNull();
  expect(clientIp('6.6.6.6', 'not-an-ip', undefined)).toBeNull();
});

test('a peer that is not a trusted proxy is the client even when proxies are configured', () => {
  expect(clientIp('6.6.6.6', '203.0.113.9', '10.0.0.0/8')).toBe('203.0.113.9');
});

test('behind trusted proxies: the rightmost untrusted hop; a forged left part is never believed', () => {
  expect(clientIp('6.6.6.6, 203.0.113.7', '10.0.0.5', '10.0.0.0/8')).toBe('203.0.113.7');
  expect(clientIp('203.0.113.7, 10.0.0.9', '10.0.0.5', '10.0.0.0/8')).toBe('203.0.113.7');
  expect(clientIp('10.0.0.9', '10.0.0.5', '10.0.0.0/8')).toBe('10.0.0.9');
  // A trusted proxy that forwarded no header is itself the client (a health check, say).
  expect(clientIp(null, '10.0.0.5', '10.0.0.0/8')).toBe('10.0.0.5');
});

test('isTrustedProxy: a peer (IPv4-mapped too) in TRUSTED_PROXIES; nothing without them', () => {
  expect(isTrustedProxy('::ffff:127.0.0.1', '127.0.0.1,::1')).toBe(true);
  expect(isTrustedProxy('::1', '127.0.0.1,::1')).toBe(true);
  expect(isTrustedProxy('10.1.2.3', '10.0.0.0/8')).toBe(true);
  expect(isTrustedProxy('203.0.113.9', '10.0.0.0/8')).toBe(false);
  expect(isTrustedProxy('127.0.0.1', undefined)).toBe(false);
  expect(isTrustedProxy(undefined, '127.0.0.1')).toBe(false);
});
