import { AntdRegistry } from '@ant-design/nextjs-registry';
import type { Metadata } from 'next';
import { DemoBanner } from '@/components/layout/DemoBanner';
import { AppProviders } from '@/components/providers/AppProviders';
import { env } from '@/lib/env';
import { getLocale } from '@/lib/i18n/server';

export const metadata: Metadata = { title: '汇办 · 统一待办中心', description: 'Huiban unified task center' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body style={{ margin: 0 }}>
        <AntdRegistry>
          <AppProviders locale={locale}>
            {env().HUIBAN_DEMO && <DemoBanner />}
            {children}
          </AppProviders>
        </AntdRegistry>
      </body>
    </html>
  );
}
