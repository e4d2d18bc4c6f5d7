import { requireAdmin } from '@/lib/auth';
import { env } from '@/lib/env';
import { NewConnectorPage } from './NewConnectorPage';

export default async function NewConnector() {
  await requireAdmin();
  const { DINGTALK_API_BASE, DINGTALK_OAPI_BASE } = env();
  return <NewConnectorPage defaults={{ apiBase: DINGTALK_API_BASE, oapiBase: DINGTALK_OAPI_BASE }} />;
}
