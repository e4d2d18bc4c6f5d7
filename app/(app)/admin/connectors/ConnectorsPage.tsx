'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { ConnectorHealthTag } from '@/components/admin/ConnectorHealthTag';
import { type ConnectorDetail, useConnectors } from '@/lib/client/queries/use-connectors';

const KIND_LABEL: Record<string, string> = {
  dingtalk: '钉钉',
  yida: '宜搭',
  local: '本地流程',
  api: '开放 API',
};

/** Every connector with its state; DingTalk and Yida connectors link to their edit page. */
export function ConnectorsPage({ initial }: { initial: ConnectorDetail[] }) {
  const { token } = theme.useToken();
  const { data = initial } = useConnectors(initial);
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          连接器
        </Typography.Title>
      }
      extra={
        <Space>
          <Link href="/admin/connectors/new">
            <Button type="primary" icon={<PlusOutlined />}>
              新建钉钉连接器
            </Button>
          </Link>
          <Link href="/admin/connectors/new?kind=yida">
            <Button icon={<PlusOutlined />}>新建宜搭连接器</Button>
          </Link>
          <Link href="/admin/connectors/new?kind=api">
            <Button icon={<PlusOutlined />}>新建开放 API 连接器</Button>
          </Link>
        </Space>
      }
    >
      <Table<ConnectorDetail>
        rowKey="id"
        dataSource={data}
        pagination={false}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (name: string, c) =>
              c.kind === 'dingtalk' || c.kind === 'yida' || c.kind === 'api' ? (
                <Link href={`/admin/connectors/${c.id}`}>{name}</Link>
              ) : (
                name
              ),
          },
          {
            title: '类型',
            dataIndex: 'kind',
            render: (kind: string) => <Tag>{KIND_LABEL[kind] ?? kind}</Tag>,
          },
          { title: 'CorpId', dataIndex: 'corpId', render: (v: string | null) => v ?? '—' },
          {
            title: '接收方式',
            key: 'mode',
            render: (_, c) =>
              c.settings
                ? c.settings.deliveryMode === 'http'
                  ? 'HTTP 回调'
                  : 'Stream'
                : c.yida
                  ? '集成中心推送'
                  : '—',
          },
          {
            title: '状态',
            dataIndex: 'enabled',
            render: (enabled: boolean) => (
              <Tag color={enabled ? 'green' : 'default'}>{enabled ? '已启用' : '已停用'}</Tag>
            ),
          },
          { title: '健康', key: 'health', render: (_, c) => <ConnectorHealthTag connector={c} /> },
          {
            title: '更新时间',
            dataIndex: 'updatedAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      <Flex justify="end" style={{ marginTop: token.marginXS }}>
        <Typography.Text type="secondary">密钥加密保存，只写不读。</Typography.Text>
      </Flex>
    </Card>
  );
}
