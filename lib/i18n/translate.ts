import { bindTranslator, type Messages, type T } from './bind-translator';
import { CATALOG, type Namespace } from './catalog';
import type { Locale } from './locales';

export { interpolate, type Messages, type MessageVars, type T } from './bind-translator';

const BY_LOCALE = new Map<Locale, Messages>();

/** One language of the whole catalog (built once per locale): what the server hands the client's provider. */
export function messagesOf(locale: Locale): Messages {
  let messages = BY_LOCALE.get(locale);
  if (!messages) {
    messages = Object.fromEntries(
      Object.entries(CATALOG).map(([namespace, both]) => [namespace, both[locale] as Record<string, string>]),
    ) as Messages;
    BY_LOCALE.set(locale, messages);
  }
  return messages;
}

/** The translator for server code (route handlers, jobs, notices): the client's `useT` binds the same function. */
export function translator<N extends Namespace>(locale: Locale, namespace: N): T<N> {
  return bindTranslator(messagesOf(locale), namespace);
}
