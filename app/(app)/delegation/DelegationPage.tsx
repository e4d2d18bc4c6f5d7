'use client';

import { Flex } from 'antd';
import { PageHeader } from '@/components/common/PageHeader';
import { DelegationManager } from '@/components/delegation/DelegationManager';
import { useT } from '@/lib/i18n/locale-context';

/** 代理设置: the viewer names a delegate for a period (reached from the user menu, phone too). */
export function DelegationPage({ viewerId }: { viewerId: string }) {
  const t = useT('delegation');
  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <PageHeader title={t('title')} hint={t('hint')} />
      <DelegationManager asAdmin={false} viewerId={viewerId} />
    </Flex>
  );
}
