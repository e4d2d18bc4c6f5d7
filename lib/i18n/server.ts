import { cookies } from 'next/headers';
import { LOCALE_COOKIE, type Locale, toLocale, translator } from './messages';

/** The request's UI locale, from the cookie (zh-CN by default). */
export async function getLocale(): Promise<Locale> {
  return toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getTranslator() {
  return translator(await getLocale());
}
