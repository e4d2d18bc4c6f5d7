import { AntdRegistry } from '@ant-design/nextjs-registry';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Metadata } from 'next';
import { DemoBanner } from '@/components/layout/DemoBanner';
import { AppProviders } from '@/components/providers/AppProviders';
import { displayTimeZone, isDemoMode } from '@/lib/env';
import { getLocale, getT } from '@/lib/i18n/server';
import { messagesOf } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT('common');
  return { title: `${t('app.name')} · ${t('app.tagline')}`, description: 'Huiban unified task center' };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body style={{ margin: 0 }}>
        <AntdRegistry>
          <AppProviders
            locale={locale}
            messages={messagesOf(locale)}
            antdLocale={locale === 'zh-CN' ? zhCN : enUS}
            timeZone={displayTimeZone()}
          >
            {isDemoMode() && <DemoBanner />}
            {children}
          </AppProviders>
        </AntdRegistry>
      </body>
    </html>
  );
}
