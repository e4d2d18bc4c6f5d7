'use client';

import { App, Breadcrumb, Card, Segmented, Space } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale } from '@/components/providers/LocaleProvider';
import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { ConnectorForm } from '../ConnectorForm';
import { NewApiConnectorForm } from './NewApiConnectorForm';

type Kind = 'dingtalk' | 'api';

/** Create a connector of a kind, then continue on its page (callback URL, test connection, API keys). */
export function NewConnectorPage({ defaults }: { defaults: { apiBase: string; oapiBase: string } }) {
  const router = useRouter();
  const { message } = App.useApp();
  const { t } = useLocale();
  const create = useCreateConnector();
  const [kind, setKind] = useState<Kind>('dingtalk');
  const title = kind === 'api' ? t('openApi.newConnector') : '新建钉钉连接器';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link href="/admin/connectors">连接器</Link> }, { title }]} />
      <Segmented<Kind>
        value={kind}
        onChange={setKind}
        options={[
          { value: 'dingtalk', label: t('openApi.kind.dingtalk') },
          { value: 'api', label: t('openApi.kind.api') },
        ]}
      />
      <Card title={title}>
        {kind === 'api' ? (
          <NewApiConnectorForm />
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
              void message.success('连接器已创建');
              router.push(`/admin/connectors/${created.id}`);
            }}
          />
        )}
      </Card>
    </Space>
  );
}
