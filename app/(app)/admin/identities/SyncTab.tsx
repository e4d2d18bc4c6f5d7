'use client';

import { SyncOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { formatTime } from '@/lib/client/format-time';
import { useDirectorySyncs, useRequestDirectorySync } from '@/lib/client/queries/use-identities';
import { useToast } from '@/lib/client/use-toast';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';

export function SyncTab() {
  const t = useT('identities');
  const toast = useToast();
  const { token } = theme.useToken();
  const [isWaiting, setWaiting] = useState(false);
  const list = useDirectorySyncs(isWaiting);
  const request = useRequestDirectorySync();
  const [requestedAt, setRequestedAt] = useState<number | null>(null);
  const rows = list.data ?? [];
  // Stop polling once every requested sync has a result newer than the click.
  const isSettled =
    requestedAt !== null &&
    rows.every(
      (r) =>
        r.lastSync &&
        r.lastSync.status !== 'running' &&
        dayjs(r.lastSync.startedAt).valueOf() >= requestedAt - 5_000,
    );
  if (isWaiting && isSettled) setWaiting(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('sync.hint')}</Typography.Text>
      <LoadingError error={list.error} />
      <Table
        rowKey="connectorId"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={t('sync.none')} /> }}
        columns={[
          { key: 'connector', title: t('col.connector'), dataIndex: 'connectorName' },
          {
            key: 'last',
            title: t('sync.last'),
            render: (_, r) =>
              r.lastSync ? (
                <Space>
                  {formatTime(r.lastSync.finishedAt ?? r.lastSync.startedAt, 'dateTimeSeconds')}
                  <Tag
                    color={
                      r.lastSync.status === 'succeeded'
                        ? 'green'
                        : r.lastSync.status === 'failed'
                          ? 'red'
                          : 'processing'
                    }
                  >
                    {t(`sync.${r.lastSync.status}` as MessageKey<'identities'>)}
                  </Tag>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('sync.never')}</Typography.Text>
              ),
          },
          {
            key: 'result',
            title: t('sync.result'),
            render: (_, r) =>
              r.lastSync?.error ? (
                <Typography.Text style={{ color: token.colorError }}>{r.lastSync.error}</Typography.Text>
              ) : r.lastSync?.status === 'succeeded' ? (
                t('sync.stats', {
                  people: r.lastSync.stats.people ?? 0,
                  created: r.lastSync.stats.created ?? 0,
                  linked: r.lastSync.stats.linked ?? 0,
                  left: r.lastSync.stats.left ?? 0,
                  managersSet: r.lastSync.stats.managersSet ?? 0,
                })
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('col.actions'),
            render: (_, r) => (
              <Button
                icon={<SyncOutlined spin={isWaiting} />}
                loading={request.isPending}
                onClick={() =>
                  request.mutate(r.connectorId, {
                    onSuccess: () => {
                      setRequestedAt(Date.now());
                      setWaiting(true);
                      toast.success(t('sync.queued'));
                    },
                    onError: toast.error,
                  })
                }
              >
                {t('sync.now')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
