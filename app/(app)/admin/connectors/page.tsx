import { getDb } from '@/db/client';
import { requireAdmin } from '@/lib/auth';
import { listConnectorsAsAdmin } from '@/lib/connectors/admin/list-connectors';
import { ConnectorsPage } from './ConnectorsPage';

export default async function Connectors() {
  const viewer = await requireAdmin();
  return <ConnectorsPage initial={await listConnectorsAsAdmin(getDb(), viewer)} />;
}
