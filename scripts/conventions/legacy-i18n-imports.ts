import { isCheckedForCjk } from './no-cjk-literals';

/**
 * The pre-namespace translator (components/providers/LocaleProvider's `useLocale().t`, `MessageKey` from
 * lib/i18n/messages, lib/i18n/legacy-keys) is gone; this keeps it from coming back under those names. UI code
 * uses `useT(namespace)` / `getT(namespace)`, and locale constants come from lib/i18n/locales.
 */
const LEGACY =
  /['"]@\/(components\/providers\/LocaleProvider|lib\/i18n\/messages|lib\/i18n\/legacy-keys)['"]/g;

export function findLegacyI18nImports(file: string, text: string): string[] {
  if (!isCheckedForCjk(file)) return [];
  return [...text.matchAll(LEGACY)].map(
    (m) =>
      `${file}:${text.slice(0, m.index).split('\n').length} imports the legacy translator (${m[1]}); use useT(namespace) from lib/i18n/locale-context`,
  );
}
