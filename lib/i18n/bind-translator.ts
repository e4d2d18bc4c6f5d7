import type { MessageKey, Namespace, QualifiedKey } from './catalog';

/**
 * One language of the catalog: every namespace's messages in the viewer's locale. The server builds it
 * (`messagesOf` in translate.ts) and hands it to the browser through the provider, so the client bundle holds
 * neither the catalog nor the other language.
 */
export type Messages = { [N in Namespace]: Record<string, string> };

export type MessageVars = Record<string, string | number>;

/**
 * A translator bound to one namespace: `t('batch.selected', { n: 3 })` → 已选 3 项; another namespace's message
 * is reached as `t('common:nav.pending')`.
 */
export type T<N extends Namespace> = (key: MessageKey<N> | QualifiedKey, vars?: MessageVars) => string;

/** `{name}` → vars.name; a placeholder without a value stays as written, so a missing variable shows. */
export function interpolate(text: string, vars?: MessageVars): string {
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
}

/** The one translation function over one language's messages; a missing key shows as itself. */
export function bindTranslator<N extends Namespace>(messages: Messages, namespace: N): T<N> {
  return (key, vars) => {
    const colon = key.indexOf(':');
    const [ns, k] =
      colon === -1 ? [namespace, key] : [key.slice(0, colon) as Namespace, key.slice(colon + 1)];
    return interpolate(messages[ns]?.[k] ?? k, vars);
  };
}
