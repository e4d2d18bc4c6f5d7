import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiLimiter } from '../dingtalk/limits';
import type { AccessToken, SandboxState } from '../model/state';
import { ControlError, NewApiError, OldApiError } from './errors';
import type { AuthKind, Family, Reply, RequestContext, Router } from './router';

const MAX_BODY = 20 * 1024 * 1024;

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** One HTTP server for every simulated host; routing is by path only (hosts are base-URL config). */
export function createSandboxServer(opts: {
  /** The live router and state (they change when the control API resets the sandbox). */
  current: () => { router: Router; state: SandboxState; limiter: ApiLimiter };
  onUpgrade: UpgradeHandler;
}): Server {
  const server = createServer((req, res) => {
    handle(opts.current(), req, res).catch((err: unknown) => {
      // Last resort: a bug in the sandbox must not hang the client.
      console.error('[sandbox] unhandled', err);
      if (!res.headersSent) send(res, { status: 500, json: { code: 'systemError', message: '系统错误' } });
      else res.end();
    });
  });
  // Clients keep connections alive between calls (Playwright's request context, undici). With Node's default 5 s
  // a request sent on an idle connection just as the server closes it dies with ECONNRESET (an e2e step did);
  // keep idle connections for a minute, as the load balancers in front of real APIs do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('upgrade', (req, socket, head) => {
    if (!opts.onUpgrade(req, socket, head)) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
    }
  });
  return server;
}

async function handle(
  opts: { router: Router; state: SandboxState; limiter: ApiLimiter },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = opts.state.ids.requestId();
  const matched = opts.router.match(method, url.pathname);
  if (!matched || matched === 'method') {
    const status = matched === 'method' ? 405 : 404;
    send(res, {
      status,
      json: {
        code: 'InvalidAction.NotFound',
        message: 'Specified api is not found, please check your url and method.',
        requestid: requestId,
      },
    });
    return;
  }
  const { route, params } = matched;
  const rawBody = await readBody(req);
  const ctx: RequestContext = {
    req,
    url,
    params,
    query: url.searchParams,
    body: {},
    rawBody,
    requestId,
    api: `${route.method} ${route.path}`,
  };
  try {
    ctx.body = parseBody(req, rawBody, route.family);
    authenticate(opts.state, ctx, route.family, route.auth ?? 'none');
    if (route.family !== 'raw') opts.limiter.admit(ctx, route.family, route.quotaExempt ?? false);
    const reply = await route.handler(ctx);
    if (route.family === 'new') {
      reply.headers = {
        'x-acs-request-id': requestId,
        'x-acs-trace-id': requestId.toLowerCase(),
        ...reply.headers,
      };
    }
    send(res, reply);
  } catch (err) {
    send(res, renderError(err, route.family, requestId));
  }
}

function renderError(err: unknown, family: Family, requestId: string): Reply {
  const headers = { 'x-acs-request-id': requestId, 'x-acs-trace-id': requestId.toLowerCase() };
  if (err instanceof NewApiError) {
    return {
      status: err.status,
      headers,
      json: { code: err.code, requestid: requestId, message: err.message },
    };
  }
  if (err instanceof OldApiError) {
    return {
      status: 200,
      json: { errcode: err.errcode, errmsg: err.errmsg, request_id: requestId.slice(0, 12) },
    };
  }
  if (err instanceof ControlError) {
    return { status: err.status, json: { error: { code: err.code, message: err.message } } };
  }
  console.error('[sandbox] handler error', err);
  if (family === 'old')
    return { status: 200, json: { errcode: -1, errmsg: '系统繁忙', request_id: requestId } };
  return { status: 500, headers, json: { code: 'systemError', requestid: requestId, message: '系统错误' } };
}

function authenticate(state: SandboxState, ctx: RequestContext, family: Family, auth: AuthKind): void {
  if (auth === 'none') return;
  const now = state.now();
  if (family === 'old') {
    const raw = ctx.query.get('access_token');
    if (!raw) throw new OldApiError(41001, '缺少access_token参数');
    const token = state.tokens.get(raw);
    if (token?.kind !== 'app') throw new OldApiError(40014, '不合法的access_token');
    if (token.expiresAt <= now) throw new OldApiError(42001, 'access_token超时');
    bind(state, ctx, token);
    return;
  }
  const raw = header(ctx.req, 'x-acs-dingtalk-access-token');
  const token = raw ? state.tokens.get(raw) : undefined;
  if (!token || token.kind !== auth)
    throw new NewApiError(400, 'InvalidAuthentication', '不合法的access_token');
  if (token.expiresAt <= now) {
    if (auth === 'user') throw new NewApiError(400, 'accesstoken.expired', 'accessToken已过期');
    throw new NewApiError(400, 'InvalidAuthentication', '不合法的access_token');
  }
  bind(state, ctx, token);
}

function bind(state: SandboxState, ctx: RequestContext, token: AccessToken): void {
  ctx.token = token;
  ctx.app = state.apps.get(token.clientId);
  ctx.org = state.orgs.get(token.corpId);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(req: IncomingMessage, raw: Buffer, family: Family): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = header(req, 'content-type') ?? '';
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    return { _: parsed };
  } catch {
    // Bytes to a file endpoint (the storage PUT): the handler reads rawBody.
    if (family === 'raw' && !type.includes('json')) return {};
    if (family === 'old') throw new OldApiError(43009, 'post数据需要json格式');
    if (family === 'new') throw new NewApiError(400, 'invalidParameter', '请求体不是合法的JSON');
    throw new ControlError(400, 'invalid_json', '请求体不是合法的JSON');
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  let body: string | Buffer = '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json;charset=utf-8';
  } else if (reply.body !== undefined) {
    body = reply.body;
  }
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}
