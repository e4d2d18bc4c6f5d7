'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tag, Typography, theme } from 'antd';
import Link from 'next/link';
import { ConnectorHealthTag } from '@/components/admin/ConnectorHealthTag';
import { PageHeader } from '@/components/common/PageHeader';
import { formatTime } from '@/lib/client/format-time';
import { type ConnectorDetail, useConnectors } from '@/lib/client/queries/use-connectors';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';
import { creatableKindUis, kindUi } from './kinds/kind-ui-map';

/** Every connector with its state; connectors of kinds with a page link to it. */
export function ConnectorsPage({ initial }: { initial: ConnectorDetail[] }) {
  const { token } = theme.useToken();
  const t = useT('connectors');
  const { data = initial } = useConnectors(initial);
  return (
    <Card>
      <PageHeader
        title={t('title')}
        extra={
          <Space wrap>
            {creatableKindUis().map(({ kind, create }) => (
              <Link key={kind} href={create.href}>
                <Button type={create.isPrimary ? 'primary' : undefined} icon={<PlusOutlined />}>
                  {t(create.buttonLabel)}
                </Button>
              </Link>
            ))}
          </Space>
        }
      />
      <Table<ConnectorDetail>
        rowKey="id"
        scroll={{ x: 'max-content' }}
        dataSource={data}
        pagination={false}
        columns={[
          {
            title: t('col.name'),
            dataIndex: 'name',
            render: (name: string, c) =>
              kindUi(c.kind).hasDetailPage ? <Link href={`/admin/connectors/${c.id}`}>{name}</Link> : name,
          },
          {
            title: t('col.kind'),
            dataIndex: 'kind',
            render: (kind: ConnectorKind) => <Tag>{t(kindUi(kind).label)}</Tag>,
          },
          { title: 'CorpId', dataIndex: 'corpId', render: (v: string | null) => v ?? '—' },
          {
            title: t('col.receiveMode'),
            key: 'mode',
            render: (_, c) => {
              const mode = kindUi(c.kind).receiveMode?.(c);
              return mode ? t(mode) : '—';
            },
          },
          {
            title: t('col.status'),
            dataIndex: 'enabled',
            render: (enabled: boolean) => (
              <Tag color={enabled ? 'green' : 'default'}>{enabled ? t('enabled') : t('disabled')}</Tag>
            ),
          },
          { title: t('col.health'), key: 'health', render: (_, c) => <ConnectorHealthTag connector={c} /> },
          {
            title: t('col.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => formatTime(v),
          },
        ]}
      />
      <Flex justify="end" style={{ marginTop: token.marginXS }}>
        <Typography.Text type="secondary">{t('secretsNote')}</Typography.Text>
      </Flex>
    </Card>
  );
}
