'use client';

import { Descriptions, Drawer, Empty, Space, Table, Typography, theme } from 'antd';
import Link from 'next/link';
import { LoadingError } from '@/components/common/LoadingError';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { formatTime } from '@/lib/client/format-time';
import { useInboundEvent } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';
import { EventStatusTag } from './EventStatusTag';

const time = (v: string | null) => formatTime(v, 'precise');

/** One event: envelope facts, the payload with secrets masked, and the instance/tasks it is about. */
export function EventDrawer({
  eventId,
  onClose,
  extra,
}: {
  eventId: string | null;
  onClose: () => void;
  extra?: React.ReactNode;
}) {
  const t = useT('ops');
  const tc = useT('common');
  const { token } = theme.useToken();
  const { data, error, isLoading } = useInboundEvent(eventId);
  return (
    <Drawer
      open={!!eventId}
      onClose={onClose}
      size="large"
      title={t('event.title')}
      extra={extra}
      loading={isLoading}
    >
      <LoadingError error={error} />
      {data && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('events.col.type')}>{data.type}</Descriptions.Item>
            <Descriptions.Item label={tc('connector')}>{data.connectorName}</Descriptions.Item>
            <Descriptions.Item label={t('event.sourceEventId')}>
              <Typography.Text code copyable>
                {data.sourceEventId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('events.instanceId')}>
              {data.instanceExternalId ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={tc('status')}>
              <EventStatusTag status={data.status} />
              <Typography.Text type="secondary">{t('event.attempts', { n: data.attempts })}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('event.received')}>{time(data.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('event.processed')}>{time(data.processedAt)}</Descriptions.Item>
            {data.lastError && (
              <Descriptions.Item label={t('events.col.error')}>
                <Typography.Text type="danger">{data.lastError}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('event.result')}</Typography.Title>
            {data.instance ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text>
                  <Link href={`/instances/${data.instance.id}`}>{data.instance.title}</Link>{' '}
                  <TaskStatusTag status={data.instance.status} />
                  <Typography.Text type="secondary">
                    {t('event.sourceUpdated', {
                      time: formatTime(data.instance.sourceUpdatedAt, 'dayTimeSeconds'),
                    })}
                  </Typography.Text>
                </Typography.Text>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={data.instance.tasks}
                  columns={[
                    { title: t('event.assignee'), dataIndex: 'assignee' },
                    {
                      title: t('events.col.type'),
                      dataIndex: 'kind',
                      render: (k: string) => t(k === 'cc' ? 'event.kind.cc' : 'event.kind.approval'),
                    },
                    { title: t('event.node'), dataIndex: 'nodeName' },
                    {
                      title: tc('status'),
                      dataIndex: 'status',
                      render: (v: string) => <TaskStatusTag status={v} />,
                    },
                    {
                      title: t('event.updated'),
                      dataIndex: 'updatedAt',
                      render: (v: string) => formatTime(v, 'dayTimeSeconds'),
                    },
                  ]}
                />
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('event.noInstance')} />
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('event.payload')}</Typography.Title>
            <pre
              data-testid="event-payload"
              style={{
                background: token.colorFillTertiary,
                padding: token.paddingSM,
                borderRadius: token.borderRadius,
                fontSize: token.fontSizeSM,
                maxHeight: 400,
                overflow: 'auto',
                margin: 0,
              }}
            >
              {JSON.stringify(data.payload, null, 2)}
            </pre>
          </div>
        </Space>
      )}
    </Drawer>
  );
}
