import { randomBytes } from 'node:crypto';
import http from 'node:http';

/**
 * Next.js does not give route handlers or proxy.ts the TCP peer of a request, and `next start` fills
 * `X-Forwarded-For` with it only when the client sent none (`??=`), so a client talking to Huiban directly can
 * choose the address Huiban would see. `installSocketPeerHeader()` (instrumentation.ts, once per web process)
 * hooks the HTTP server's `request` event and stamps every request, before Next reads it, with the socket's
 * peer address in this header, overwriting whatever the client put there. The value carries a per-process
 * token, so a client cannot forge it even for requests that arrived before the hook was installed (during
 * start-up); those simply have no known peer.
 */
export const SOCKET_PEER_HEADER = 'x-huiban-socket-peer';

const STATE = Symbol.for('huiban.socketPeer');
type State = { token: string };

function state(): State | undefined {
  return (globalThis as { [STATE]?: State })[STATE];
}

export function installSocketPeerHeader(): void {
  if (state()) return;
  const token = randomBytes(16).toString('hex');
  (globalThis as { [STATE]?: State })[STATE] = { token };
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function patchedEmit(
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[SOCKET_PEER_HEADER] = `${token} ${req.socket?.remoteAddress ?? ''}`;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

/** The TCP peer stamped by installSocketPeerHeader(), or null when the hook did not see this request. */
export function socketPeerOf(headers: Headers): string | null {
  const current = state();
  const value = headers.get(SOCKET_PEER_HEADER);
  if (!current || !value) return null;
  const [token, peer] = value.split(' ');
  return token === current.token && peer ? peer : null;
}
