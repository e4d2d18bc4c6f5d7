/**
 * Compatibility only, for app/(app)/admin/connectors/** (converted after the connector-UI rewrite merges) and
 * older imports of the locale constants. Messages live in lib/i18n/messages/<namespace>.ts; translate with
 * `useT(namespace)` (lib/i18n/locale-context.tsx) or `getT(namespace)` (lib/i18n/server.ts).
 */
export { LOCALE_COOKIE, LOCALES, type Locale, toLocale } from './locales';
/** A pre-namespace full key such as `'yida.action.create'`; see legacy-keys.ts. */
export type MessageKey = string;
