import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import { apiKeys, connectors } from '@/db/schema';
import { viewerOrThrow } from '@/lib/auth';
import type { Viewer } from '@/lib/auth/viewer';
import { apiKeyKinds } from '@/lib/connectors/registry/capabilities';
import { rawEnv } from '@/lib/env';
import { AppError, toErrorResponse } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { getLocale } from '@/lib/i18n/server';
import { log } from '@/lib/log';

/**
 * - public: anyone · user / admin: a session (401 / 403 otherwise)
 * - signature: the handler verifies the source's signature over `rawBody` (DingTalk / Yida callbacks)
 * - apiKey: `Authorization: Bearer <key>` of the open REST API, resolved to its connector
 */
export type RouteAuth = 'public' | 'user' | 'admin' | 'signature' | 'apiKey';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteContext<A extends RouteAuth, P, Q, B> = {
  request: Request;
  requestId: string;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The raw request body, for signature checks. */
  rawBody: string;
  viewer: A extends 'user' | 'admin' ? Viewer : undefined;
  apiKey: A extends 'apiKey' ? { id: string; connectorId: string } : undefined;
};

export type RouteOptions<A extends RouteAuth, P, Q, B> = {
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest accepted body in bytes (413 above it). */
  maxBodyBytes?: number;
  /** The handler reads `request.body` itself (multipart uploads); `rawBody` is then ''. */
  streamBody?: boolean;
  handler: (ctx: RouteContext<A, P, Q, B>) => Promise<Response | unknown>;
};

const DEFAULT_MAX_BODY = 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one HTTP boundary (style rules 1 and 5 of the anti-patterns): authenticates, validates params, query
 * and body with zod, runs the handler, and turns every failure into the error envelope with a request id.
 * A handler returns a Response or any JSON-serialisable value (sent as 200).
 */
export function route<
  A extends RouteAuth,
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
>(options: RouteOptions<A, P, Q, B>) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => {
    const requestId = request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
    try {
      // Authenticate first: an anonymous caller learns nothing about the shape of a protected route.
      const viewer =
        options.auth === 'user' || options.auth === 'admin' ? await viewerOrThrow(options.auth) : undefined;
      // Cookie-authenticated writes must come from our own pages (signature and API-key routes carry their
      // own proof and are called by servers, so they are exempt).
      if (viewer && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
      const apiKey = options.auth === 'apiKey' ? await resolveApiKey(request) : undefined;
      const rawParams = (await context?.params) ?? {};
      const params = parsePart(options.params, rawParams, 'params');
      const query = options.query
        ? parsePart(options.query, Object.fromEntries(new URL(request.url).searchParams), 'query')
        : undefined;
      const rawBody = options.streamBody
        ? ''
        : await readBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
      const body = options.body
        ? parsePart(options.body, parseJsonBody(request, rawBody), 'body')
        : undefined;
      const result = await options.handler({
        request,
        requestId,
        params,
        query,
        body,
        rawBody,
        viewer,
        apiKey,
      } as RouteContext<A, P, Q, B>);
      const response = result instanceof Response ? result : NextResponse.json(result ?? null);
      response.headers.set('x-request-id', requestId);
      return response;
    } catch (error) {
      // People see their own language; other systems (API keys, signed callbacks) get English.
      const locale = options.auth === 'user' || options.auth === 'admin' ? await getLocale() : 'en-US';
      return errorResponse(error, requestId, request, locale);
    }
  };
}

/** The envelope for an error, with the request id; unexpected errors are logged, never sent. */
export function errorResponse(
  error: unknown,
  requestId: string,
  request?: Request,
  locale: Locale = 'en-US',
): Response {
  const { status, body } = toErrorResponse(error, requestId, locale);
  if (status >= 500) {
    log.error(
      { err: error, requestId, path: request ? new URL(request.url).pathname : undefined },
      'request failed',
    );
  }
  // A refused body (413) may still be arriving: close the connection rather than read the rest of it.
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (status === 413) headers.connection = 'close';
  return NextResponse.json(body, { status, headers });
}

/**
 * CSRF defence for session-cookie requests, on top of the SameSite=Lax session cookie: a browser labels every
 * request with `Sec-Fetch-Site` (or at least `Origin` on non-GET requests); anything a browser marks as coming
 * from another site is refused. Requests with neither header do not come from a browser (curl, tests, server
 * to server) and cannot ride on a victim's cookies, so they pass.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get('sec-fetch-site');
  if (site) {
    if (site === 'same-origin' || site === 'none') return;
    throw new AppError('forbidden', 'Cross-site request refused');
  }
  const origin = request.headers.get('origin');
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError('forbidden', 'Cross-site request refused');
  }
  const hosts = [
    request.headers.get('x-forwarded-host')?.split(',')[0]?.trim(),
    request.headers.get('host'),
    new URL(request.url).host,
    hostOf(rawEnv().NEXTAUTH_URL),
  ];
  if (!hosts.includes(originHost)) throw new AppError('forbidden', 'Cross-site request refused');
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function parsePart<S extends Schema | undefined>(
  schema: S,
  value: unknown,
  where: 'params' | 'query' | 'body',
) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw AppError.fromZod(result.error, where);
  return result.data;
}

async function readBody(request: Request, maxBytes: number): Promise<string> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return '';
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new AppError('payload_too_large', `Body larger than ${maxBytes} bytes`);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError('payload_too_large', `Body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(request: Request, rawBody: string): unknown {
  const type = request.headers.get('content-type') ?? '';
  if (rawBody === '') throw new AppError('bad_request', 'Request body is required');
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Content-Type must be application/json');
  }
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new AppError('invalid_json', 'Request body is not valid JSON');
  }
}

async function resolveApiKey(request: Request): Promise<{ id: string; connectorId: string }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorized', 'Missing API key (Authorization: Bearer <key>)');
  const keyHash = createHash('sha256').update(match[1]).digest('hex');
  const db = getDb();
  const [key] = await db
    .select({ id: apiKeys.id, connectorId: apiKeys.connectorId, enabled: connectors.enabled })
    .from(apiKeys)
    .innerJoin(connectors, eq(connectors.id, apiKeys.connectorId))
    .where(
      and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt), inArray(connectors.kind, apiKeyKinds())),
    )
    .limit(1);
  if (!key) throw new AppError('unauthorized', 'Invalid API key');
  if (!key.enabled) throw new AppError('forbidden', 'The connector of this API key is disabled');
  // "Last used" is for admins, to the minute: one write per key per minute, not one per request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.id, key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
  return { id: key.id, connectorId: key.connectorId };
}
