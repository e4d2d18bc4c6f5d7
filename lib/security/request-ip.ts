import { env } from '@/lib/env';
import { clientIp } from '../client-ip';

/** The client address of a request under this installation's TRUSTED_PROXIES (lib/security/client-ip.ts). */
export function clientIpOf(headers: Headers): string | null {
  return clientIp(headers.get('x-forwarded-for'), env().TRUSTED_PROXIES);
}
