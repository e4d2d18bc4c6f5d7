/**
 * One chaos "web process": the web tier's real inbound route handlers (DingTalk HTTP callback and Yida push)
 * on a local HTTP server, in a process of its own. `npm run chaos` starts two of these against the same
 * PostgreSQL and spreads the source's deliveries over both (two web processes at once, as a scaled-out deployment runs them).
 *
 * Env: DATABASE_URL, HUIBAN_SECRETS_KEY and the like as for the app; CHAOS_WEB_PORT (0 = any). Prints
 * `listening <port>` on stdout once it accepts requests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

async function main() {
  const { POST: dingtalkCallback } = await import('@/app/api/callbacks/dingtalk/[connectorId]/route');
  const { POST: yidaPush } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
  const routes: { pattern: RegExp; names: string[]; handler: RouteHandler }[] = [
    { pattern: /^\/api\/callbacks\/dingtalk\/([^/]+)$/, names: ['connectorId'], handler: dingtalkCallback },
    {
      pattern: /^\/api\/callbacks\/yida\/([^/]+)\/([^/]+)$/,
      names: ['connectorId', 'action'],
      handler: yidaPush,
    },
  ];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      const response = await route.handler(
        new Request(url, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
        }),
        { params: Promise.resolve(params) },
      );
      res.writeHead(response.status, {
        'content-type': response.headers.get('content-type') ?? 'application/json',
        'x-chaos-web': String(process.pid),
      });
      res.end(await response.text());
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such chaos route' } }));
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.CHAOS_WEB_PORT ?? 0), '127.0.0.1', resolve),
  );
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
