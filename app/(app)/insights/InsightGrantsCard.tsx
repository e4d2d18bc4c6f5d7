'use client';

import { Button, Card, Flex, Input, Table } from 'antd';
import { useState } from 'react';
import { UserPicker } from '@/components/workflows/UserPicker';
import { useChangeInsightGrant, useInsightGrants } from '@/lib/client/queries/use-insights';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/** Admins grant the manager/analyst role of 分析 for a department to anyone, and take it back. */
export function InsightGrantsCard() {
  const t = useT('insights');
  const toast = useToast();
  const grants = useInsightGrants(true);
  const change = useChangeInsightGrant();
  const [userId, setUserId] = useState<string | undefined>();
  const [department, setDepartment] = useState('');
  const submit = (input: { userId: string; department: string; revoke?: boolean }) =>
    change.mutate(input, {
      onSuccess: () => {
        toast.success(t(input.revoke ? 'grants.removed' : 'grants.added'));
        if (!input.revoke) setDepartment('');
      },
      onError: (e) => toast.error(e),
    });
  return (
    <Card title={t('grants.title')} data-testid="insights-grants">
      <p style={{ marginTop: 0 }}>{t('grants.hint')}</p>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 200, flex: '1 1 200px' }}>
          <UserPicker value={userId} onChange={(v) => setUserId(typeof v === 'string' ? v : undefined)} />
        </div>
        <Input
          style={{ flex: '1 1 160px', minWidth: 160 }}
          placeholder={t('grants.department')}
          value={department}
          onChange={(e) => setDepartment(e.target.value)}
          aria-label={t('grants.department')}
        />
        <Button
          type="primary"
          disabled={!userId || department.trim() === ''}
          loading={change.isPending}
          onClick={() => userId && submit({ userId, department: department.trim() })}
        >
          {t('grants.add')}
        </Button>
      </Flex>
      <Table
        size="small"
        rowKey={(g) => `${g.userId}:${g.department}`}
        dataSource={grants.data?.grants ?? []}
        loading={grants.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('grants.empty') }}
        columns={[
          { key: 'user', title: t('grants.user'), dataIndex: 'userName' },
          { key: 'department', title: t('grants.department'), dataIndex: 'department' },
          {
            key: 'remove',
            title: '',
            render: (_, g) => (
              <Button
                size="small"
                danger
                onClick={() => submit({ userId: g.userId, department: g.department, revoke: true })}
              >
                {t('grants.remove')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
