'use client';

import { App, Breadcrumb, Card, Segmented, Space } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale } from '@/components/providers/LocaleProvider';
import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { ConnectorForm } from '../ConnectorForm';
import { YidaConnectorForm } from '../YidaConnectorForm';

type Hosts = { apiBase: string; oapiBase: string };

/** Create a connector of either kind, then continue on its page (callback / push URLs, test connection). */
export function NewConnectorPage({
  kind,
  defaults,
  yidaDefaults,
}: {
  kind: 'dingtalk' | 'yida';
  defaults: Hosts;
  yidaDefaults: Hosts;
}) {
  const router = useRouter();
  const { message } = App.useApp();
  const { t } = useLocale();
  const create = useCreateConnector();
  const title = kind === 'yida' ? t('yida.new') : '新建钉钉连接器';
  const done = (id: string) => {
    void message.success('连接器已创建');
    router.push(`/admin/connectors/${id}`);
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link href="/admin/connectors">连接器</Link> }, { title }]} />
      <Segmented
        value={kind}
        options={[
          { value: 'dingtalk', label: '钉钉' },
          { value: 'yida', label: t('yida.kind') },
        ]}
        onChange={(value) => router.replace(`/admin/connectors/new${value === 'yida' ? '?kind=yida' : ''}`)}
      />
      <Card title={title}>
        {kind === 'yida' ? (
          <YidaConnectorForm
            defaults={yidaDefaults}
            submitLabel="创建"
            onSubmit={async (body) => done((await create.mutateAsync(body)).id)}
          />
        ) : (
          <ConnectorForm
            defaults={defaults}
            submitLabel="创建"
            onSubmit={async (body) => {
              const created = await create.mutateAsync({
                ...body,
                clientSecret: body.clientSecret ?? '',
                enabled: body.enabled ?? true,
              });
              done(created.id);
            }}
          />
        )}
      </Card>
    </Space>
  );
}
