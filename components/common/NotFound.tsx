'use client';

import { Button, Result } from 'antd';
import Link from 'next/link';
import { useT } from '@/lib/i18n/locale-context';

export function NotFound() {
  const t = useT('common');
  return (
    <Result
      status="404"
      title={`404 · ${t('notFound.title')}`}
      extra={
        <Link href="/inbox/pending">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}
