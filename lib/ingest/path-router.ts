import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isTrustedProxy, parseTrustedProxies } from '@/lib/client-ip';
import { INBOUND_ROUTES } from './inbound-routes';

export type PathRouter = { server: Server; port: number; close(): Promise<void> };

export type PathRouterOptions = {
  port: number;
  host?: string;
  /** Where the web app (`next start`) listens, on this machine. */
  webPort: number;
  /** Where the ingest listener listens, on this machine. */
  ingestPort: number;
  /** The operator's TRUSTED_PROXIES: proxies in front of this router whose X-Forwarded-For is kept. */
  trustedProxies?: string;
};

/** The inbound paths (inbound-routes.ts) go to the ingest listener; everything else to the web app. */
export function isInboundPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return INBOUND_ROUTES.some((r) => r.pattern.test(path));
}

// Connection-level headers are the hop's own (RFC 9110 §7.6.1); the rest pass through untouched.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * `npm start`'s front door (what Caddy is in compose.yaml): one public port, the inbound callback paths routed
 * to the ingest listener and everything else to `next start`. Bodies stream both ways (SSE included), headers
 * pass unchanged but for the hop-by-hop ones and the forwarding headers: the router is a proxy the web app and
 * the listener trust (the loopback is added to their TRUSTED_PROXIES), so it states who its peer was. A peer
 * that is not one of the operator's TRUSTED_PROXIES is the client, and whatever X-Forwarded-For it sent is
 * dropped, so a client still cannot choose the address Huiban sees; a trusted proxy's chain is extended.
 */
export async function startPathRouter(options: PathRouterOptions): Promise<PathRouter> {
  const trusted = options.trustedProxies ?? '';
  parseTrustedProxies(trusted);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req, res) => forward(req, res, options, trusted, agent));
  // Upgrades (WebSocket) are not used by a production Huiban; refuse them rather than hang.
  server.on('upgrade', (_req, socket: Socket) => {
    socket.end('HTTP/1.1 501 Not Implemented\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  // Long-lived responses (the SSE stream) must not be cut by the server's request timeout.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // No host: every address, IPv6 and IPv4 alike (as `next start` does), so `localhost` works either way.
    if (options.host) server.listen(options.port, options.host, () => resolve());
    else server.listen(options.port, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  options: PathRouterOptions,
  trusted: string,
  agent: Agent,
  retried = false,
): void {
  const port = isInboundPath(req.url ?? '/') ? options.ingestPort : options.webPort;
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req, trusted),
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
      // Event streams flush as they come; the first bytes must not wait for a buffer to fill.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A kept-alive socket the upstream closed just as it was reused (its keep-alive timeout raced this request;
    // seen as 502s on RSC prefetches under load): a bodiless request is sent once more on a fresh socket, the
    // retry Node documents for `reusedSocket`.
    if (!retried && upstream.reusedSocket && (req.method === 'GET' || req.method === 'HEAD')) {
      forward(req, res, options, trusted, agent, true);
      return;
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'bad_gateway', message: 'The service is starting or stopped' } }),
    );
  });
  // A retry's request has been read already (a GET or HEAD has no body): it is sent as it is.
  if (retried) upstream.end();
  else req.pipe(upstream);
  // The client went away: stop the upstream request (an SSE stream would otherwise stay open there).
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
}

function forwardedHeaders(req: IncomingMessage, trusted: string): Record<string, string | string[]> {
  const headers = withoutHopByHop(req.headers);
  const peer = req.socket.remoteAddress ?? '';
  const forwardedFor = req.headers['x-forwarded-for'];
  if (isTrustedProxy(peer, trusted)) {
    // An operator's proxy in front: its chain is extended, as every proxy does.
    headers['x-forwarded-for'] =
      typeof forwardedFor === 'string' && forwardedFor ? `${forwardedFor}, ${peer}` : peer;
    return headers;
  }
  // The peer is the client: nothing it says about forwarding is believed.
  for (const name of Object.keys(headers)) if (name.startsWith('x-forwarded-')) delete headers[name];
  headers['x-forwarded-for'] = peer;
  return headers;
}

function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name)) continue;
    out[name] = value;
  }
  return out;
}
