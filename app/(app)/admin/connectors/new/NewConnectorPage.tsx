'use client';

import { App, Breadcrumb, Card, Space } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { ConnectorForm } from '../ConnectorForm';

/** Create a DingTalk connector, then continue on its page (callback URL, test connection). */
export function NewConnectorPage({ defaults }: { defaults: { apiBase: string; oapiBase: string } }) {
  const router = useRouter();
  const { message } = App.useApp();
  const create = useCreateConnector();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb
        items={[{ title: <Link href="/admin/connectors">连接器</Link> }, { title: '新建钉钉连接器' }]}
      />
      <Card title="新建钉钉连接器">
        <ConnectorForm
          defaults={defaults}
          submitLabel="创建"
          onSubmit={async (body) => {
            const created = await create.mutateAsync({
              ...body,
              clientSecret: body.clientSecret ?? '',
              enabled: body.enabled ?? true,
            });
            void message.success('连接器已创建');
            router.push(`/admin/connectors/${created.id}`);
          }}
        />
      </Card>
    </Space>
  );
}
