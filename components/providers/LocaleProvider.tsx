'use client';

import { createContext, useContext, useMemo } from 'react';
import { type Locale, type Translate, translator } from '@/lib/i18n/messages';

const LocaleContext = createContext<{ locale: Locale; t: Translate } | null>(null);

export function LocaleProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const value = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The current locale and its translator, in client components. */
export function useLocale() {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale must be used inside <AppProviders>');
  return value;
}
