/** Where a change came from, for the audit row. */
export type RequestMeta = { ip?: string | null; userAgent?: string | null };

/** The client address (the proxy's X-Forwarded-For first) and user agent of a request. */
export function requestMeta(request: Request): RequestMeta {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    ip: forwarded || request.headers.get('x-real-ip') || null,
    userAgent: request.headers.get('user-agent'),
  };
}
