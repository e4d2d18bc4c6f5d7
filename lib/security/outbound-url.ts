import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { rawEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

/**
 * Where Huiban may send requests it builds from admin-entered URLs (subscriptions, automation webhooks,
 * connector hosts). Link-local and cloud metadata addresses are never reachable; loopback only when allowed
 * (development and demo, where the sandbox runs on 127.0.0.1); private ranges stay reachable (intranet ERPs)
 * unless an allow-list is set, and then only the listed hosts are.
 */
export type OutboundPolicy = { allowLoopback: boolean; allowedHosts: string[] };

const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, cloud metadata (169.254.169.254)
NEVER.addSubnet('0.0.0.0', 8, 'ipv4');
NEVER.addSubnet('fe80::', 10, 'ipv6'); // link-local
NEVER.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
NEVER.addAddress('::', 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The policy of this process: OUTBOUND_ALLOW_LOOPBACK / OUTBOUND_ALLOWED_HOSTS (lib/env.ts). */
export function outboundPolicy(source: Record<string, string | undefined> = rawEnv()): OutboundPolicy {
  const explicit = source.OUTBOUND_ALLOW_LOOPBACK;
  const allowLoopback = explicit
    ? explicit === 'true'
    : source.NODE_ENV !== 'production' || source.HUIBAN_DEMO === 'true';
  const allowedHosts = (source.OUTBOUND_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return { allowLoopback, allowedHosts };
}

/** Why an address may not be reached, or null. */
export function refusedAddress(address: string, policy: OutboundPolicy): string | null {
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  if (NEVER.check(plain, type)) return 'link-local or metadata address';
  if (!policy.allowLoopback && LOOPBACK.check(plain, type)) return 'loopback address';
  return null;
}

function hostAllowed(host: string, addresses: string[], allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((entry) => {
    if (entry.includes('/') || isIP(entry)) {
      const [net, bits] = entry.split('/');
      const type = isIP(net ?? '') === 6 ? 'ipv6' : 'ipv4';
      const list = new BlockList();
      if (bits === undefined) list.addAddress(net as string, type);
      else list.addSubnet(net as string, Number(bits), type);
      return addresses.length > 0 && addresses.every((a) => list.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4'));
    }
    return entry.startsWith('.') ? host.endsWith(entry) : host === entry;
  });
}

/**
 * Refuses (AppError `validation_failed` at `path`) a URL this installation may not call: not http(s), or a
 * host that resolves to a refused address. Called when an admin saves a URL and again right before sending
 * (DNS can change in between).
 */
export async function assertOutboundUrl(
  value: string,
  options: { path: string; policy?: OutboundPolicy },
): Promise<void> {
  const policy = options.policy ?? outboundPolicy();
  const refuse = (why: string) => {
    throw new AppError('validation_failed', `不允许的目标地址：${why}`, {
      issues: [{ path: options.path, message: `不允许的目标地址：${why}` }],
    });
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('only http(s)');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      // Unresolvable now: nothing to connect to; the send-time check runs again.
      addresses = [];
    }
  }
  for (const address of addresses) {
    const why = refusedAddress(address, policy);
    if (why) return refuse(why);
  }
  if (!hostAllowed(host, addresses, policy.allowedHosts)) return refuse('not on OUTBOUND_ALLOWED_HOSTS');
}
