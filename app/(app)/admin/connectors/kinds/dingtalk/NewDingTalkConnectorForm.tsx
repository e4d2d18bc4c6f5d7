'use client';

import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { useT } from '@/lib/i18n/locale-context';
import type { NewConnectorFormProps } from '../kind-ui';
import { ConnectorForm } from './ConnectorForm';

/** Create a DingTalk connector (`kind: 'dingtalk'`); the callback URL and "测试连接" are on its page. */
export function NewDingTalkConnectorForm({ defaults, done }: NewConnectorFormProps) {
  const t = useT('connectors');
  const create = useCreateConnector();
  return (
    <ConnectorForm
      defaults={defaults ?? { apiBase: '', oapiBase: '' }}
      submitLabel={t('create')}
      onSubmit={async (body) => {
        const created = await create.mutateAsync({
          kind: 'dingtalk',
          ...body,
          clientSecret: body.clientSecret ?? '',
          enabled: body.enabled ?? true,
        });
        done(created.id);
      }}
    />
  );
}
