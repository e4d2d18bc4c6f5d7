'use client';

import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { useT } from '@/lib/i18n/locale-context';
import type { NewConnectorFormProps } from '../kind-ui';
import { YidaConnectorForm } from './YidaConnectorForm';

/** Create a Yida connector (the form sends `kind: 'yida'`); the push URLs are on its page. */
export function NewYidaConnectorForm({ defaults, done }: NewConnectorFormProps) {
  const t = useT('connectors');
  const create = useCreateConnector();
  return (
    <YidaConnectorForm
      defaults={defaults ?? { apiBase: '', oapiBase: '' }}
      submitLabel={t('create')}
      onSubmit={async (body) => done((await create.mutateAsync(body)).id)}
    />
  );
}
