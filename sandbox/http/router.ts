import type { IncomingMessage } from 'node:http';
import type { AccessToken } from '../model/state';
import type { App, Org } from '../model/types';

/**
 * `new` = api.dingtalk.com style (header token, `{code,message,requestid}` errors, also Yida);
 * `old` = oapi.dingtalk.com style (`?access_token=`, HTTP 200 + errcode); `raw` = pages, files, control.
 */
export type Family = 'new' | 'old' | 'raw';

export type AuthKind = 'none' | 'app' | 'user';

export type RequestContext = {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON or form body; `{}` when empty. */
  body: Record<string, unknown>;
  rawBody: Buffer;
  requestId: string;
  /** `METHOD /path/{pattern}`: the "API" of per-API limits and counters. */
  api: string;
  token?: AccessToken;
  app?: App;
  org?: Org;
};

export type Reply = {
  status?: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string | number>;
};

export type RouteDef = {
  method: string;
  path: string;
  family: Family;
  auth?: AuthKind;
  /** Token, login and contact APIs do not count against the monthly quota (§12.1). */
  quotaExempt?: boolean;
  handler: (ctx: RequestContext) => Reply | Promise<Reply>;
};

type CompiledRoute = RouteDef & { regex: RegExp; names: string[] };

/** Path patterns use `{name}` segments, e.g. `/v1.0/todo/users/{unionId}/tasks/{taskId}`. */
export class Router {
  private routes: CompiledRoute[] = [];

  add(...defs: RouteDef[]): void {
    for (const def of defs) {
      const names: string[] = [];
      const source = def.path
        .split('/')
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(m[1] as string);
          return '([^/]+)';
        })
        .join('/');
      this.routes.push({ ...def, regex: new RegExp(`^${source}$`), names });
    }
  }

  /** Exact-path routes win over patterns, so `/tasks/execute` is never read as `/tasks/{id}`. */
  match(
    method: string,
    pathname: string,
  ): { route: RouteDef; params: Record<string, string> } | 'method' | null {
    let methodMismatch = false;
    let best: { route: CompiledRoute; params: Record<string, string> } | null = null;
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      if (!best || route.names.length < best.route.names.length) best = { route, params };
    }
    if (best) return best;
    return methodMismatch ? 'method' : null;
  }
}
