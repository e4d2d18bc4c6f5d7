'use client';

import { createContext, useCallback, useContext, useMemo } from 'react';
import { bindTranslator, type Messages, type T } from './bind-translator';
import type { Namespace } from './catalog';
import type { Locale } from './locales';
import { type LocalizableIssue, localizeIssue, translateKeyMessage } from './zod-issues';

const LocaleContext = createContext<{ locale: Locale; messages: Messages } | null>(null);

/**
 * Set once by AppProviders from the locale the server read from the cookie, with that language's messages (the
 * server's `messagesOf(locale)`): the browser never downloads the catalog or the other language. A language switch
 * refreshes the server components, which hand down the other language's messages.
 */
export function LocaleProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Messages;
  children: React.ReactNode;
}) {
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

function useLocaleContext(): { locale: Locale; messages: Messages } {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale must be used inside <AppProviders>');
  return value;
}

/** The current UI locale, in client components. */
export function useLocale(): Locale {
  return useLocaleContext().locale;
}

/** The translator for one namespace, in client components: `const t = useT('inbox')`. */
export function useT<N extends Namespace>(namespace: N): T<N> {
  const { messages } = useLocaleContext();
  return useMemo(() => bindTranslator(messages, namespace), [messages, namespace]);
}

/** A validation issue (from a 400 or a draft check) in the UI language: `useIssueMessage()(issue)`. */
export function useIssueMessage(): (issue: LocalizableIssue) => string {
  const { messages } = useLocaleContext();
  return useCallback((issue) => localizeIssue(messages, issue), [messages]);
}

/** A message the server stored or sent as a key (`errors:notFound.connector`) in the UI language; others as they are. */
export function useServerMessage(): (message: string) => string {
  const { messages } = useLocaleContext();
  return useCallback((message) => translateKeyMessage(messages, message) ?? message, [messages]);
}
