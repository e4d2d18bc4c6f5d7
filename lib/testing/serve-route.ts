import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/**
 * Serves one Next.js route handler on a random local port, so a simulator (or a load generator) can call it
 * over real HTTP. The last path segment is passed as the route's dynamic param `paramName`; with several names,
 * the last segments in order (`['connectorId', 'action']` for `…/[connectorId]/[action]`).
 */
export async function serveRoute(
  handler: RouteHandler,
  paramName: string | string[],
): Promise<{ server: Server; base: string; port: number; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await handler(
      new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
      { params: Promise.resolve(lastSegments(url.pathname, paramName)) },
    );
    res.writeHead(response.status, {
      'content-type': response.headers.get('content-type') ?? 'application/json',
    });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function lastSegments(pathname: string, names: string | string[]): Record<string, string> {
  const list = Array.isArray(names) ? names : [names];
  const segments = pathname.split('/').slice(-list.length);
  return Object.fromEntries(list.map((name, i) => [name, decodeURIComponent(segments[i] ?? '')]));
}
