'use client';

import { Button, Card, Flex, Typography } from 'antd';
import Link from 'next/link';
import { useT } from '@/lib/i18n/locale-context';

/** The local engine has no connection settings: its workflows are defined and published in the designer. */
export function LocalSide() {
  const t = useT('connectors');
  return (
    <Card title={t('settings')}>
      <Flex vertical gap={12} align="start">
        <Typography.Text type="secondary">{t('local.editedInDesigner')}</Typography.Text>
        <Link href="/admin/workflows">
          <Button>{t('local.openDesigner')}</Button>
        </Link>
      </Flex>
    </Card>
  );
}
