import { getDb } from '@/db/client';
import { requireAdmin } from '@/lib/auth';
import { env } from '@/lib/env';
import { getAdminOverviewAsAdmin } from '@/lib/operations/get-admin-overview';
import { getHealth } from '@/lib/operations/get-health';
import { AdminOverviewPage } from './AdminOverviewPage';

export default async function AdminOverview() {
  const viewer = await requireAdmin();
  const [overview, health] = await Promise.all([
    getAdminOverviewAsAdmin(getDb(), viewer),
    getHealth(getDb(), { staleSeconds: env().WORKER_HEARTBEAT_STALE_SECONDS }),
  ]);
  return <AdminOverviewPage overview={overview} health={health} />;
}
