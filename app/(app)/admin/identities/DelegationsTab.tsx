'use client';

import { Card, Flex, Select, Table, Typography } from 'antd';
import { DelegationManager } from '@/components/delegation/DelegationManager';
import {
  type DelegationPolicyView,
  useDelegationPolicies,
  useSetDelegationPolicy,
} from '@/lib/client/queries/use-delegations';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/** 代理 (admin): a delegate for anyone (e.g. a departed employee's manager), and each connector's policy. */
export function DelegationsTab() {
  const t = useT('delegation');
  const toast = useToast();
  const policies = useDelegationPolicies();
  const setPolicy = useSetDelegationPolicy();
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('admin.hint')}
      </Typography.Paragraph>
      <DelegationManager asAdmin />
      <Card title={t('policy.title')} size="small">
        <Typography.Paragraph type="secondary">{t('policy.hint')}</Typography.Paragraph>
        <Table<DelegationPolicyView>
          size="small"
          rowKey="connectorId"
          pagination={false}
          loading={policies.isLoading}
          dataSource={policies.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('policy.connector'), dataIndex: 'connectorName' },
            {
              title: t('policy.policy'),
              dataIndex: 'policy',
              render: (_: unknown, row) => (
                <Select
                  value={row.policy}
                  style={{ minWidth: 200 }}
                  data-testid={`delegation-policy-${row.connectorId}`}
                  options={[
                    { value: 'act_as_assignee', label: t('policy.act_as_assignee') },
                    { value: 'transfer', label: t('policy.transfer') },
                  ]}
                  onChange={(policy) =>
                    setPolicy.mutate(
                      { connectorId: row.connectorId, policy },
                      { onSuccess: () => toast.success(t('saved')), onError: toast.error },
                    )
                  }
                />
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
