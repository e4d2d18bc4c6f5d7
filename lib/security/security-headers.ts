/**
 * DingTalk's clients (desktop workbench, mobile, im.dingtalk.com) embed Huiban pages as H5 micro-apps; they are
 * the only frames allowed to hold a Huiban page (clickjacking).
 */
export const DINGTALK_FRAME_ANCESTORS = ['https://*.dingtalk.com', 'https://*.dingtalkapps.com'];

/**
 * The headers every page carries (proxy.ts). Scripts run only with this request's nonce: Next.js puts it on
 * its own hydration and chunk scripts (it reads it from the request's Content-Security-Policy), and
 * 'strict-dynamic' lets those load the chunks they import; no inline script without it runs, 'unsafe-inline'
 * is gone. `next dev` also needs 'unsafe-eval' (React's dev tooling), production never gets it. Styles keep
 * 'unsafe-inline': antd's CSS-in-JS (@ant-design/nextjs-registry) writes inline <style> elements and style
 * attributes without a nonce. The policy also refuses plugins, <base> rewrites, foreign form targets and every
 * frame ancestor except DingTalk's clients. HSTS only when the public URL is https.
 */
export function securityHeaders(options: {
  https: boolean;
  development: boolean;
  /** This request's script nonce (base64, fresh per request). */
  nonce: string;
  /** Origins a sign-in may leave for (the DingTalk login host). */
  formTargets?: string[];
}): Record<string, string> {
  const script = [
    "'self'",
    `'nonce-${options.nonce}'`,
    "'strict-dynamic'",
    ...(options.development ? ["'unsafe-eval'"] : []),
  ];
  const csp = [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${(options.formTargets ?? []).join(' ')}`.trim(),
    `frame-ancestors 'self' ${DINGTALK_FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
  return {
    'content-security-policy': csp,
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-content-type-options': 'nosniff',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** A fresh script nonce: 16 random bytes, base64 (Web Crypto, so it works in any runtime). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
