import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
// @ts-expect-error next.config.mjs is plain JavaScript without declarations (typed below).
import * as config from '../next.config.mjs';

const nextConfig = config.default as { allowedDevOrigins?: string[] };
const devOrigins = config.devOrigins as (appUrl?: string) => string[];

// Next's own gate for its dev resources (scripts, HMR socket): the same function `next dev` runs per request.
const require = createRequire(import.meta.url);
const { blockCrossSiteDEV } = require('next/dist/server/lib/router-utils/block-cross-site-dev') as {
  blockCrossSiteDEV: (
    req: { url: string; headers: Record<string, string> },
    res: { statusCode: number; end: (body?: string) => void },
    allowedDevOrigins: string[] | undefined,
    hostname: string | undefined,
  ) => boolean;
};

/** True when `next dev -p 3000` (no hostname, as scripts/dev.ts starts it) refuses the request. */
function blocked(origin: string, path: string, headers: Record<string, string> = {}): boolean {
  const res = { statusCode: 200, end: () => {} };
  return blockCrossSiteDEV(
    { url: path, headers: { origin, 'sec-fetch-mode': 'cors', ...headers } },
    res,
    nextConfig.allowedDevOrigins,
    undefined,
  );
}

test('next dev serves its scripts and HMR socket to pages opened at 127.0.0.1 as well as localhost', () => {
  for (const origin of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
    expect(blocked(origin, '/_next/static/chunks/main-app.js'), origin).toBe(false);
    expect(blocked(origin, '/_next/webpack-hmr'), origin).toBe(false);
  }
  // Script tags Chromium loads as no-cors are judged by their Referer.
  expect(
    blocked('', '/_next/static/chunks/app/layout.js', {
      'sec-fetch-mode': 'no-cors',
      'sec-fetch-site': 'cross-site',
      referer: 'http://127.0.0.1:3000/login',
    }),
  ).toBe(false);
  // Still closed to other sites.
  expect(blocked('http://evil.example', '/_next/static/chunks/main-app.js')).toBe(true);
});

test("APP_URL's host is allowed too when it names another host (a LAN address)", () => {
  expect(devOrigins('http://192.168.1.20:3000')).toContain('192.168.1.20');
  expect(devOrigins('http://localhost:3000')).toEqual(['127.0.0.1', '[::1]']);
  expect(devOrigins('not a url')).toEqual(['127.0.0.1', '[::1]']);
});
