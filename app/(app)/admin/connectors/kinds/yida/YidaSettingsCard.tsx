'use client';

import { Card } from 'antd';
import { useT } from '@/lib/i18n/locale-context';
import type { ConnectorOf, FormDefaults } from '../kind-ui';
import { YidaConnectorForm } from './YidaConnectorForm';

/** The Yida connector's settings form on its page. */
export function YidaSettingsCard({
  connector,
  defaults,
  save,
}: {
  connector: ConnectorOf<'yida'>;
  defaults: FormDefaults | null;
  save: (body: Record<string, unknown>) => Promise<void>;
}) {
  const t = useT('connectors');
  return (
    <Card title={t('settings')}>
      <YidaConnectorForm
        key={JSON.stringify([connector.name, connector.corpId, connector.yida, connector.secretsSet])}
        connector={connector}
        defaults={defaults ?? { apiBase: '', oapiBase: '' }}
        submitLabel={t('save')}
        onSubmit={save}
      />
    </Card>
  );
}
