import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireAdmin } from '@/lib/auth';
import { getConnectorAsAdmin } from '@/lib/connectors/manage/get-connector';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { ConnectorPage } from './ConnectorPage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function Connector({ params }: { params: Promise<{ connectorId: string }> }) {
  const viewer = await requireAdmin();
  const { connectorId } = await params;
  if (!UUID.test(connectorId)) notFound();
  const connector = await getConnectorAsAdmin(getDb(), viewer, connectorId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!connector) notFound();
  const { APP_URL, DINGTALK_API_BASE, DINGTALK_OAPI_BASE, YIDA_API_BASE } = env();
  return (
    <ConnectorPage
      initial={connector}
      appUrl={APP_URL.replace(/\/$/, '')}
      defaults={{ apiBase: DINGTALK_API_BASE, oapiBase: DINGTALK_OAPI_BASE }}
      yidaDefaults={{ apiBase: YIDA_API_BASE, oapiBase: DINGTALK_OAPI_BASE }}
    />
  );
}
