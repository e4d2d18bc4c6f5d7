import type { Namespace } from './catalog';
import type { Locale } from './locales';
import { type MessageVars, translator } from './translate';

/**
 * Compatibility only: the pre-namespace full keys (`'openApi.keys.title'`, `'nav.pending'`) still used by
 * app/(app)/admin/connectors/**, which is being rewritten in parallel and is converted to `useT(namespace)` after
 * that rewrite merges. Delete this file then. New code never uses it (scripts/check-conventions.ts).
 */
const RENAMED: Record<string, Namespace> = { wf: 'workflows', dist: 'subscriptions' };
const COMMON_PREFIXES = new Set(['app', 'nav', 'user', 'forbidden', 'notFound']);

function qualify(key: string): string {
  const [prefix = '', ...rest] = key.split('.');
  if (COMMON_PREFIXES.has(prefix)) return `common:${key}`;
  if (prefix === 'common') return `common:${rest.join('.')}`;
  if (key === 'admin.identities') return 'identities:nav';
  if (prefix === 'admin' && rest[0] === 'identities') return `identities:${rest.slice(1).join('.')}`;
  return `${RENAMED[prefix] ?? prefix}:${rest.join('.')}`;
}

export type LegacyTranslate = (key: string, vars?: MessageVars) => string;

export function legacyTranslator(locale: Locale): LegacyTranslate {
  const t = translator(locale, 'common') as (key: string, vars?: MessageVars) => string;
  return (key, vars) => t(qualify(key), vars);
}
