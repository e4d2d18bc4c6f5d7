import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { installSocketPeerHeader, SOCKET_PEER_HEADER, socketPeerOf } from './socket-peer';

test('requests are stamped with their TCP peer; a client-sent stamp is overwritten and never believed', async () => {
  // Before the hook: no request has a known peer, a forged header included.
  expect(socketPeerOf(new Headers({ [SOCKET_PEER_HEADER]: 'x 6.6.6.6' }))).toBeNull();
  installSocketPeerHeader();
  const seen: (string | null)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(socketPeerOf(new Headers(req.headers as Record<string, string>)));
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await fetch(`http://127.0.0.1:${port}/`, {
      headers: { [SOCKET_PEER_HEADER]: 'forged 6.6.6.6', 'x-forwarded-for': '6.6.6.6' },
    });
    await fetch(`http://127.0.0.1:${port}/`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
  expect(socketPeerOf(new Headers({ [SOCKET_PEER_HEADER]: 'forged 6.6.6.6' }))).toBeNull();
});
