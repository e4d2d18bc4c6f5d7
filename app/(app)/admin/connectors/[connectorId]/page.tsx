import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireAdmin } from '@/lib/auth';
import { connectorFormDefaults } from '@/lib/connectors/admin/connector-form-defaults';
import { getConnectorAsAdmin } from '@/lib/connectors/admin/get-connector';
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
  return (
    <ConnectorPage
      initial={connector}
      appUrl={env().APP_URL.replace(/\/$/, '')}
      defaults={connectorFormDefaults(connector.kind)}
    />
  );
}
