'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, type ConfigProviderProps } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useState } from 'react';
import { setDisplayTimeZone } from '@/lib/client/format-time';
import '@/lib/client/zod-jitless';
import { createQueryClient } from '@/lib/client/query-client';
import type { Messages } from '@/lib/i18n/bind-translator';
import { LocaleProvider } from '@/lib/i18n/locale-context';
import type { Locale } from '@/lib/i18n/locales';
import { theme } from '../theme';
import { DeferredApp } from './DeferredApp';

/**
 * The one provider stack (style rule 15): ConfigProvider(theme, locale) → App (DeferredApp: antd's `App` context,
 * its message and modal stacks loaded after the page) → QueryClientProvider.
 */
export function AppProviders({
  locale,
  messages,
  antdLocale,
  timeZone,
  children,
}: {
  locale: Locale;
  /** The catalog in `locale` only (translate.ts messagesOf), from the server: the bundle carries no catalog. */
  messages: Messages;
  /** antd's own texts (pagination, pickers, empty states) in `locale`, plain data from the server like `messages`. */
  antdLocale: ConfigProviderProps['locale'];
  /** The configured display zone (lib/env.ts displayTimeZone), handed down so client code needs no env. */
  timeZone: string;
  children: React.ReactNode;
}) {
  const [queryClient] = useState(createQueryClient);
  setDisplayTimeZone(timeZone);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider theme={theme} locale={antdLocale}>
      <DeferredApp>
        <LocaleProvider locale={locale} messages={messages}>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </LocaleProvider>
      </DeferredApp>
    </ConfigProvider>
  );
}
