'use client';

import { Button, Result } from 'antd';
import Link from 'next/link';
import { useT } from '@/lib/i18n/locale-context';

export function Forbidden() {
  const t = useT('common');
  return (
    <Result
      status="403"
      title={`403 · ${t('forbidden.title')}`}
      subTitle={t('forbidden.subtitle')}
      extra={
        <Link href="/inbox/pending">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}
