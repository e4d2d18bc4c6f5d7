'use client';

import { useMemo } from 'react';
import { legacyTranslator } from '@/lib/i18n/legacy-keys';
import { useLocale as useCurrentLocale } from '@/lib/i18n/locale-context';

/**
 * Compatibility only, for app/(app)/admin/connectors/** until the connector-UI rewrite merges: the locale and a
 * translator over pre-namespace full keys. Everything else uses `useT(namespace)` from lib/i18n/locale-context.
 */
export function useLocale() {
  const locale = useCurrentLocale();
  return useMemo(() => ({ locale, t: legacyTranslator(locale) }), [locale]);
}
