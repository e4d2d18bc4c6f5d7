'use client';

import { Card } from 'antd';
import { useT } from '@/lib/i18n/locale-context';
import type { ConnectorOf, FormDefaults } from '../kind-ui';
import { ConnectorForm } from './ConnectorForm';

/** The DingTalk connector's settings form on its page. */
export function DingTalkSettingsCard({
  connector,
  defaults,
  save,
}: {
  connector: ConnectorOf<'dingtalk'>;
  defaults: FormDefaults | null;
  save: (body: Record<string, unknown>) => Promise<void>;
}) {
  const t = useT('connectors');
  return (
    <Card title={t('settings')}>
      <ConnectorForm
        // Re-initialise after a save, but not when only health (written by the worker) changes.
        key={JSON.stringify([connector.name, connector.corpId, connector.settings, connector.secretsSet])}
        connector={connector}
        defaults={defaults ?? { apiBase: '', oapiBase: '' }}
        submitLabel={t('save')}
        onSubmit={save}
      />
    </Card>
  );
}
