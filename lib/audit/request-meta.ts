import { clientIpOf } from '@/lib/security/request-ip';

/** Where a change came from, for the audit row. */
export type RequestMeta = { ip?: string | null; userAgent?: string | null };

/** The client address (X-Forwarded-For believed only from TRUSTED_PROXIES) and user agent of a request. */
export function requestMeta(request: Request): RequestMeta {
  return { ip: clientIpOf(request.headers), userAgent: request.headers.get('user-agent') };
}
