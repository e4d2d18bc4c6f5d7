'use client';

import { Alert } from 'antd';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';

/**
 * Says plainly that a connector cannot be reconciled (no source API to re-read) and what to configure. Shown on
 * the health page and on the connector's own page.
 */
export function CannotReconcileAlert({
  connector,
}: {
  connector: { id: string; name: string; kind: ConnectorKind };
}) {
  const t = useT('reconcile');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid={`cannot-reconcile-${connector.id}`}
      title={t('cannot.title', { name: connector.name })}
      description={t(`cannot.hint.${connector.kind}`)}
    />
  );
}
