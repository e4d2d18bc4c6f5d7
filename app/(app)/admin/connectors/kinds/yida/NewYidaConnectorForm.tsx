'use client';

import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import type { NewConnectorFormProps } from '../kind-ui';
import { YidaConnectorForm } from './YidaConnectorForm';

/** Create a Yida connector (the form sends `kind: 'yida'`); the push URLs are on its page. */
export function NewYidaConnectorForm({ defaults, done }: NewConnectorFormProps) {
  const create = useCreateConnector();
  return (
    <YidaConnectorForm
      defaults={defaults ?? { apiBase: '', oapiBase: '' }}
      submitLabel="创建"
      onSubmit={async (body) => done((await create.mutateAsync(body)).id)}
    />
  );
}
