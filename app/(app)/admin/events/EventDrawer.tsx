'use client';

import { Alert, Descriptions, Drawer, Empty, Space, Table, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { useInboundEvent } from '@/lib/client/queries/use-operations';
import { EVENT_STATUS } from './event-status';

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss.SSS') : '—');

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
  const { token } = theme.useToken();
  const { data, error, isLoading } = useInboundEvent(eventId);
  return (
    <Drawer
      open={!!eventId}
      onClose={onClose}
      size="large"
      title="事件详情"
      extra={extra}
      loading={isLoading}
    >
      {error && <Alert type="error" showIcon title={error.message} />}
      {data && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="类型">{data.type}</Descriptions.Item>
            <Descriptions.Item label="连接器">{data.connectorName}</Descriptions.Item>
            <Descriptions.Item label="来源事件 ID">
              <Typography.Text code copyable>
                {data.sourceEventId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="实例 ID">{data.instanceExternalId ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={EVENT_STATUS[data.status]?.color}>
                {EVENT_STATUS[data.status]?.text ?? data.status}
              </Tag>
              <Typography.Text type="secondary">尝试 {data.attempts} 次</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="收到">{time(data.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label="处理完成">{time(data.processedAt)}</Descriptions.Item>
            {data.lastError && (
              <Descriptions.Item label="错误">
                <Typography.Text type="danger">{data.lastError}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          <div>
            <Typography.Title level={5}>产生的结果</Typography.Title>
            {data.instance ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text>
                  <Link href={`/instances/${data.instance.id}`}>{data.instance.title}</Link>{' '}
                  <TaskStatusTag status={data.instance.status} />
                  <Typography.Text type="secondary">
                    来源更新于 {dayjs(data.instance.sourceUpdatedAt).format('MM-DD HH:mm:ss')}
                  </Typography.Text>
                </Typography.Text>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={data.instance.tasks}
                  columns={[
                    { title: '处理人', dataIndex: 'assignee' },
                    {
                      title: '类型',
                      dataIndex: 'kind',
                      render: (k: string) => (k === 'cc' ? '抄送' : '审批'),
                    },
                    { title: '节点', dataIndex: 'nodeName' },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      render: (v: string) => <TaskStatusTag status={v} />,
                    },
                    {
                      title: '更新',
                      dataIndex: 'updatedAt',
                      render: (v: string) => dayjs(v).format('MM-DD HH:mm:ss'),
                    },
                  ]}
                />
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未产生实例（或事件不涉及实例）" />
            )}
          </div>
          <div>
            <Typography.Title level={5}>原始内容（敏感字段已隐藏）</Typography.Title>
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
