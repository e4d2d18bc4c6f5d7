'use client';

import { Button, Result } from 'antd';
import Link from 'next/link';
import { useLocale } from '@/components/providers/LocaleProvider';

export function NotFound() {
  const { t } = useLocale();
  return (
    <Result
      status="404"
      title={`404 · ${t('notFound.title')}`}
      extra={
        <Link href="/inbox/pending">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
