import { createServer, type IncomingMessage, request, type Server } from 'node:http';

/** The source address the router uses towards the web app: listed in the web's TRUSTED_PROXIES, and only it. */
export const ROUTER_SOURCE_ADDRESS = '127.0.0.2';

/**
 * `npm start`'s front door: routes by path, as a reverse proxy does in a deployment (compose.yaml): the inbound
 * callbacks (`/api/callbacks/`) to the ingest listener, everything else to the web app. Bodies and answers are
 * streamed (Server-Sent Events pass through). It appends the caller's address to `X-Forwarded-For` exactly as
 * `next start` would, and connects to the web app from ROUTER_SOURCE_ADDRESS, so the web app (trusting only that
 * address) sees the same client address as without the router.
 */
export async function startPathRouter(options: {
  port: number;
  webPort: number;
  ingestPort: number;
}): Promise<Server> {
  const server = createServer((req, res) => {
    const isInbound = (req.url ?? '').startsWith('/api/callbacks/');
    const headers = { ...req.headers };
    const peer = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for']
      ? `${req.headers['x-forwarded-for']}, ${peer}`
      : peer;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: isInbound ? options.ingestPort : options.webPort,
        localAddress: isInbound ? undefined : ROUTER_SOURCE_ADDRESS,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'Upstream not answering' } }));
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, resolve);
  });
  return server;
}
