'use client';

import { App, Breadcrumb, Card, Segmented, Space } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale } from '@/components/providers/LocaleProvider';
import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { ConnectorForm } from '../ConnectorForm';
import { YidaConnectorForm } from '../YidaConnectorForm';
import { NewApiConnectorForm } from './NewApiConnectorForm';

type Hosts = { apiBase: string; oapiBase: string };
export type NewConnectorKind = 'dingtalk' | 'yida' | 'api';

/** Create a connector of a kind, then continue on its page (callback / push URLs, test connection, API keys). */
export function NewConnectorPage({
  kind,
  defaults,
  yidaDefaults,
}: {
  kind: NewConnectorKind;
  defaults: Hosts;
  yidaDefaults: Hosts;
}) {
  const router = useRouter();
  const { message } = App.useApp();
  const { t } = useLocale();
  const create = useCreateConnector();
  const title =
    kind === 'yida' ? t('yida.new') : kind === 'api' ? t('openApi.newConnector') : '新建钉钉连接器';
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
          { value: 'dingtalk', label: t('openApi.kind.dingtalk') },
          { value: 'yida', label: t('yida.kind') },
          { value: 'api', label: t('openApi.kind.api') },
        ]}
        onChange={(value) =>
          router.replace(`/admin/connectors/new${value === 'dingtalk' ? '' : `?kind=${value}`}`)
        }
      />
      <Card title={title}>
        {kind === 'api' ? (
          <NewApiConnectorForm />
        ) : kind === 'yida' ? (
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
