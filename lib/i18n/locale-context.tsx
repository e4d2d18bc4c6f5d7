'use client';

import { createContext, useCallback, useContext, useMemo } from 'react';
import type { Namespace } from './catalog';
import type { Locale } from './locales';
import { type T, translator } from './translate';
import { type LocalizableIssue, localizeIssue, translateKeyMessage } from './zod-issues';

const LocaleContext = createContext<Locale | null>(null);

/** Set once by AppProviders from the locale the server read from the cookie. */
export function LocaleProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/** The current UI locale, in client components. */
export function useLocale(): Locale {
  const locale = useContext(LocaleContext);
  if (!locale) throw new Error('useLocale must be used inside <AppProviders>');
  return locale;
}

/** The translator for one namespace, in client components: `const t = useT('inbox')`. */
export function useT<N extends Namespace>(namespace: N): T<N> {
  const locale = useLocale();
  return useMemo(() => translator(locale, namespace), [locale, namespace]);
}

/** A validation issue (from a 400 or a draft check) in the UI language: `useIssueMessage()(issue)`. */
export function useIssueMessage(): (issue: LocalizableIssue) => string {
  const locale = useLocale();
  return useCallback((issue) => localizeIssue(locale, issue), [locale]);
}

/** A message the server stored or sent as a key (`errors:notFound.connector`) in the UI language; others as they are. */
export function useServerMessage(): (message: string) => string {
  const locale = useLocale();
  return useCallback((message) => translateKeyMessage(locale, message) ?? message, [locale]);
}
