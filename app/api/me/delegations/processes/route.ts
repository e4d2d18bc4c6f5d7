import { getDb } from '@/db/client';
import { listDelegableProcesses } from '@/lib/delegation/list-delegable-processes';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET: the processes a delegation can be limited to (names only). */
export const GET = route({
  auth: 'user',
  handler: async () => ({ items: await listDelegableProcesses(getDb()) }),
});
