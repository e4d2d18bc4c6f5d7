import { requireAdmin } from '@/lib/auth';
import {
  connectorFormDefaults,
  resolveNewConnectorKind,
} from '@/lib/connectors/admin/connector-form-defaults';
import { NewConnectorPage } from './NewConnectorPage';

export default async function NewConnector({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requireAdmin();
  const kind = resolveNewConnectorKind((await searchParams).kind);
  return <NewConnectorPage kind={kind} defaults={connectorFormDefaults(kind)} />;
}
