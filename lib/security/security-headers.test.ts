import { expect, test } from 'vitest';
import { securityHeaders } from './security-headers';

test('https deployments get HSTS; every page gets CSP, frame-ancestors for DingTalk only, nosniff, referrer policy', () => {
  const https = securityHeaders({
    https: true,
    development: false,
    formTargets: ['https://login.dingtalk.com'],
  });
  expect(https['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  expect(https['content-security-policy']).toContain(
    "frame-ancestors 'self' https://*.dingtalk.com https://*.dingtalkapps.com",
  );
  expect(https['content-security-policy']).toContain("object-src 'none'");
  expect(https['content-security-policy']).toContain("form-action 'self' https://login.dingtalk.com");
  expect(https['content-security-policy']).not.toContain('unsafe-eval');
  expect(https['x-content-type-options']).toBe('nosniff');
  expect(https['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(securityHeaders({ https: false, development: false })['strict-transport-security']).toBeUndefined();
});
