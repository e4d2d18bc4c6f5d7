import { BlockList, isIP } from 'node:net';

/**
 * The client address of a request, for audit rows and per-IP sign-in limits. `X-Forwarded-For` is a list
 * each proxy appends to; only the entries added by proxies we trust (`TRUSTED_PROXIES`, IPs or CIDRs) are
 * believed. Walking from the right, the first address that is not a trusted proxy is the client. Without
 * TRUSTED_PROXIES only the last entry counts: that is what `next start` records for the socket's peer when
 * the client sent no header (a client that sends one can choose it, so the per-account limit is the one that
 * always holds; put Huiban behind a proxy and list it).
 */
export function clientIp(
  forwardedFor: string | null | undefined,
  trustedProxies: string | undefined,
): string | null {
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((part) => normalize(part.trim()))
    .filter((part): part is string => part !== null);
  if (chain.length === 0) return null;
  const trusted = parseTrustedProxies(trustedProxies);
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = chain[i] as string;
    if (!isTrusted(trusted, address) || i === 0) return address;
  }
  return null;
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
