'use client';

import { Card, Tabs } from 'antd';
import { useState } from 'react';
import { PageHeader } from '@/components/common/PageHeader';
import { useT } from '@/lib/i18n/locale-context';
import { DelegationsTab } from './DelegationsTab';
import { HandoverTab } from './HandoverTab';
import { SyncTab } from './SyncTab';
import { UnmappedTab } from './UnmappedTab';
import { UsersTab } from './UsersTab';

/** 身份映射: users and their identities, unmapped identities with waiting tasks, 需交接, directory sync. */
export function IdentitiesPage() {
  const t = useT('identities');
  const [tab, setTab] = useState('unmapped');
  return (
    <Card>
      <PageHeader title={t('nav')} hint={t('hint')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'unmapped', label: t('tab.unmapped'), children: <UnmappedTab /> },
          { key: 'users', label: t('tab.users'), children: <UsersTab /> },
          { key: 'handover', label: t('tab.handover'), children: <HandoverTab /> },
          { key: 'sync', label: t('tab.sync'), children: <SyncTab /> },
          { key: 'delegations', label: t('delegation:admin.tab'), children: <DelegationsTab /> },
        ]}
      />
    </Card>
  );
}
