import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getConnectorSyncHealth } from '@/lib/operations/get-sync-health';

export const dynamic = 'force-dynamic';

/** GET → every connector's sync health (admins). */
export const GET = route({
  auth: 'admin',
  handler: async () => ({ connectors: await getConnectorSyncHealth(getDb()) }),
});
