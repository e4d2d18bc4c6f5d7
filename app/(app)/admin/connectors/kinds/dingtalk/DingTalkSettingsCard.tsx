'use client';

import { Card } from 'antd';
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
  return (
    <Card title="设置">
      <ConnectorForm
        // Re-initialise after a save, but not when only health (written by the worker) changes.
        key={JSON.stringify([connector.name, connector.corpId, connector.settings, connector.secretsSet])}
        connector={connector}
        defaults={defaults ?? { apiBase: '', oapiBase: '' }}
        submitLabel="保存"
        onSubmit={save}
      />
    </Card>
  );
}
