import { env } from '@/lib/env';
import { clientIp } from '../client-ip';
import { socketPeerOf } from './socket-peer';

/**
 * The client address of a request: its TCP peer (lib/security/socket-peer.ts), or, when that peer is one of
 * TRUSTED_PROXIES, the rightmost untrusted hop of its X-Forwarded-For (lib/client-ip.ts).
 */
export function clientIpOf(headers: Headers): string | null {
  return clientIp(headers.get('x-forwarded-for'), socketPeerOf(headers), env().TRUSTED_PROXIES);
}
