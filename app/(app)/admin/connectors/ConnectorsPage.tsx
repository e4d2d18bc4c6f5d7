'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { ConnectorHealthTag } from '@/components/admin/ConnectorHealthTag';
import { type ConnectorDetail, useConnectors } from '@/lib/client/queries/use-connectors';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { creatableKindUis, kindUi } from './kinds/kind-ui-map';

/** Every connector with its state; connectors of kinds with a page link to it. */
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
          {creatableKindUis().map(({ kind, create }) => (
            <Link key={kind} href={create.href}>
              <Button type={create.isPrimary ? 'primary' : undefined} icon={<PlusOutlined />}>
                {create.buttonLabel}
              </Button>
            </Link>
          ))}
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
              kindUi(c.kind).hasDetailPage ? <Link href={`/admin/connectors/${c.id}`}>{name}</Link> : name,
          },
          {
            title: '类型',
            dataIndex: 'kind',
            render: (kind: ConnectorKind) => <Tag>{kindUi(kind).label}</Tag>,
          },
          { title: 'CorpId', dataIndex: 'corpId', render: (v: string | null) => v ?? '—' },
          {
            title: '接收方式',
            key: 'mode',
            render: (_, c) => kindUi(c.kind).receiveMode?.(c) ?? '—',
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
