import { expect, test } from 'vitest';
import { createNonce, securityHeaders } from './security-headers';

test('https deployments get HSTS; every page gets CSP, frame-ancestors for DingTalk only, nosniff, referrer policy', () => {
  const https = securityHeaders({
    https: true,
    development: false,
    formTargets: ['https://login.dingtalk.com'],
    nonce: 'bm9uY2U=',
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
  expect(
    securityHeaders({ https: false, development: false, nonce: 'bm9uY2U=' })['strict-transport-security'],
  ).toBeUndefined();
});

test('scripts need the request nonce: no inline scripts, eval only under next dev', () => {
  const production = securityHeaders({ https: false, development: false, nonce: 'abc123==' });
  const script = production['content-security-policy']?.split('; ').find((d) => d.startsWith('script-src'));
  expect(script).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
  const dev = securityHeaders({ https: false, development: true, nonce: 'abc123==' });
  expect(dev['content-security-policy']).toContain("'unsafe-eval'");
  expect(dev['content-security-policy']).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // antd's CSS-in-JS: inline styles stay allowed (and must carry no nonce, which would disable 'unsafe-inline').
  expect(production['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
});

test('every request gets a fresh 16-byte nonce', () => {
  const a = createNonce();
  expect(Buffer.from(a, 'base64')).toHaveLength(16);
  expect(createNonce()).not.toBe(a);
});
