import { cookies } from 'next/headers';
import type { Namespace } from './catalog';
import { LOCALE_COOKIE, type Locale, toLocale } from './locales';
import { type T, translator } from './translate';

/** The request's UI locale, from the cookie (zh-CN by default, and outside a request, e.g. a handler in a test). */
export async function getLocale(): Promise<Locale> {
  return toLocale((await requestCookies())?.get(LOCALE_COOKIE)?.value);
}

/** The request's cookies, or null outside a request (cookies() throws there, synchronously or not). */
async function requestCookies(): Promise<Awaited<ReturnType<typeof cookies>> | null> {
  try {
    return await cookies();
  } catch {
    return null;
  }
}

/** The translator for server code (layouts, metadata, route handlers): `const t = await getT('common')`. */
export async function getT<N extends Namespace>(namespace: N): Promise<T<N>> {
  return translator(await getLocale(), namespace);
}
