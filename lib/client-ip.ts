import { BlockList, isIP } from 'node:net';

/**
 * The client address of a request, for audit rows and per-IP rate limits. The starting point is the TCP peer
 * (`peer`, stamped by lib/security/socket-peer.ts; null when unknown, and then so is the client). Without
 * TRUSTED_PROXIES that peer is the client, whatever `X-Forwarded-For` says. When the peer is a trusted proxy
 * (IPs or CIDRs), its `X-Forwarded-For` is read from the right, skipping every hop that is itself a trusted
 * proxy: the first untrusted address is the client (the rightmost-untrusted-hop rule), so entries a client
 * wrote on the left are never believed.
 */
export function clientIp(
  forwardedFor: string | null | undefined,
  peer: string | null | undefined,
  trustedProxies: string | undefined,
): string | null {
  const socket = normalize(peer ?? '');
  if (!socket) return null;
  const trusted = parseTrustedProxies(trustedProxies);
  if (!isTrusted(trusted, socket)) return socket;
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((part) => normalize(part.trim()))
    .filter((part): part is string => part !== null);
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = chain[i] as string;
    if (!isTrusted(trusted, address) || i === 0) return address;
  }
  return socket;
}

/** Whether an address (a TCP peer) is one of TRUSTED_PROXIES. */
export function isTrustedProxy(
  address: string | null | undefined,
  trustedProxies: string | undefined,
): boolean {
  const plain = normalize(address ?? '');
  return plain !== null && isTrusted(parseTrustedProxies(trustedProxies), plain);
}

/** A list of trusted proxies, or why it is invalid (for lib/env.ts). */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '');
    if (!address || family === 0) throw new Error(`not an IP or CIDR: ${entry}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything that is not an IP is dropped. */
function normalize(value: string): string | null {
  const plain = value.replace(/^\[|\]$/g, '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return isIP(plain) ? plain : null;
}
