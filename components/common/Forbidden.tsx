'use client';

import { Button, Result } from 'antd';
import Link from 'next/link';
import { useLocale } from '@/components/providers/LocaleProvider';

export function Forbidden() {
  const { t } = useLocale();
  return (
    <Result
      status="403"
      title={`403 · ${t('forbidden.title')}`}
      subTitle={t('forbidden.subtitle')}
      extra={
        <Link href="/inbox/pending">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
