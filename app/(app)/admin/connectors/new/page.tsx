import { requireAdmin } from '@/lib/auth';
import { env } from '@/lib/env';
import { NewConnectorPage } from './NewConnectorPage';

export default async function NewConnector({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requireAdmin();
  const { kind } = await searchParams;
  const { DINGTALK_API_BASE, DINGTALK_OAPI_BASE, YIDA_API_BASE } = env();
  return (
    <NewConnectorPage
      kind={kind === 'yida' || kind === 'api' ? kind : 'dingtalk'}
      defaults={{ apiBase: DINGTALK_API_BASE, oapiBase: DINGTALK_OAPI_BASE }}
      yidaDefaults={{ apiBase: YIDA_API_BASE, oapiBase: DINGTALK_OAPI_BASE }}
    />
  );
}
