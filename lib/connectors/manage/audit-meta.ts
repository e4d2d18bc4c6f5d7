import type { AuditMeta } from './record-connector-audit';

/** The client address and user agent of a request, for the audit row (the proxy's X-Forwarded-For first). */
export function auditMeta(request: Request): AuditMeta {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    ip: forwarded || request.headers.get('x-real-ip') || null,
    userAgent: request.headers.get('user-agent'),
  };
}
