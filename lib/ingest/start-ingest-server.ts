import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INBOUND_ROUTES } from './inbound-routes';

export type IngestServer = { server: Server; port: number; close(): Promise<void> };

/** Above the largest inbound route limit (512 KiB), so the route itself decides. */
const MAX_KEPT_BYTES = 1024 * 1024;
const NOT_FOUND = JSON.stringify({ error: { code: 'not_found', message: 'Not found' } });

/**
 * The ack path on a listener of its own (the `ingest` process, or inside the worker): only the inbound routes,
 * mounted from the same definitions as the Next routes (inbound-routes.ts), so a busy web tier, a page render or
 * a slow inbox query never sits in front of an ack. A proxy routes `/api/callbacks/` here by path (compose.yaml,
 * `npm start`). `GET /healthz` answers 200 for probes.
 */
export async function startIngestServer(options: { port: number; host?: string }): Promise<IngestServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
  // DingTalk and Yida open a connection per event; keep idle sockets short so a burst does not hold thousands.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  if (req.method === 'GET' && url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
    return;
  }
  for (const route of INBOUND_ROUTES) {
    const match = route.pattern.exec(url.pathname);
    if (!match) continue;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    const params = Object.fromEntries(route.names.map((name, i) => [name, safeDecode(match[i + 1] ?? '')]));
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const request = new Request(url, {
      method: req.method,
      headers,
      body: (await readCapped(req)) as BodyInit,
    });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    const body = Buffer.from(await response.arrayBuffer());
    out['content-length'] = String(body.length);
    res.writeHead(response.status, out);
    res.end(body);
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(NOT_FOUND);
}

/**
 * The body, read to the end (so the client is never reset mid-upload) but kept only up to a cap above every
 * inbound route's limit: the route then answers 413 exactly as under Next.
 */
async function readCapped(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (size > MAX_KEPT_BYTES) continue;
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const body = Buffer.concat(chunks);
  return new Uint8Array(body.buffer, body.byteOffset, body.length);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
