'use client';

import { Empty, Space, Table, Tag, Typography } from 'antd';
import { LoadingError } from '@/components/common/LoadingError';
import { formatTime } from '@/lib/client/format-time';
import { useHandoverTasks } from '@/lib/client/queries/use-identities';
import { useT } from '@/lib/i18n/locale-context';

export function HandoverTab() {
  const t = useT('identities');
  const list = useHandoverTasks();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('handover.hint')}</Typography.Text>
      <LoadingError error={list.error} />
      <Table
        rowKey="taskId"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('handover.empty')} /> }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'task',
            title: t('col.task'),
            render: (_, r) => (
              <Space>
                <Tag color="orange">{t('handover.tag')}</Tag>
                {r.title}
              </Space>
            ),
          },
          { key: 'connector', title: t('col.connector'), dataIndex: 'connectorName' },
          {
            key: 'assignee',
            title: t('col.assignee'),
            render: (_, r) => (
              <Space>
                {r.assigneeName ?? r.assigneeExternalId ?? '—'}
                {r.userStatus === 'resigned' && <Tag>{t('status.resigned')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'received',
            title: t('col.received'),
            render: (_, r) => formatTime(r.receivedAt),
          },
        ]}
      />
    </Space>
  );
}
