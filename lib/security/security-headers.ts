/**
 * DingTalk's clients (desktop workbench, mobile, im.dingtalk.com) embed Huiban pages as H5 micro-apps; they are
 * the only frames allowed to hold a Huiban page (clickjacking).
 */
export const DINGTALK_FRAME_ANCESTORS = ['https://*.dingtalk.com', 'https://*.dingtalkapps.com'];

/**
 * The headers every page carries (proxy.ts). Scripts and styles need 'unsafe-inline': Next's hydration
 * scripts and antd's CSS-in-JS are inline; the policy still refuses foreign script hosts, plugins, <base>
 * rewrites, foreign form targets and foreign frames. HSTS only when the public URL is https.
 */
export function securityHeaders(options: {
  https: boolean;
  development: boolean;
  /** Origins a sign-in may leave for (the DingTalk login host). */
  formTargets?: string[];
}): Record<string, string> {
  const script = ["'self'", "'unsafe-inline'", ...(options.development ? ["'unsafe-eval'"] : [])];
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
