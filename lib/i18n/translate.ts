import { CATALOG, type MessageKey, type Namespace, type QualifiedKey } from './catalog';
import type { Locale } from './locales';

export type MessageVars = Record<string, string | number>;

/**
 * A translator bound to one namespace: `t('batch.selected', { n: 3 })` → 已选 3 项; another namespace's message
 * is reached as `t('common:nav.pending')`.
 */
export type T<N extends Namespace> = (key: MessageKey<N> | QualifiedKey, vars?: MessageVars) => string;

function lookup(locale: Locale, namespace: Namespace, key: string): string {
  const messages = CATALOG[namespace][locale] as Record<string, string>;
  return messages[key] ?? key;
}

/** `{name}` → vars.name; a placeholder without a value stays as written, so a missing variable shows. */
export function interpolate(text: string, vars?: MessageVars): string {
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
}

/** The one translation function; the client hook (`useT`) and the server (`getT`) both hand it out. */
export function translator<N extends Namespace>(locale: Locale, namespace: N): T<N> {
  return (key, vars) => {
    const colon = key.indexOf(':');
    const text =
      colon === -1
        ? lookup(locale, namespace, key)
        : lookup(locale, key.slice(0, colon) as Namespace, key.slice(colon + 1));
    return interpolate(text, vars);
  };
}
