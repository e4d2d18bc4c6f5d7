import { getDb } from '@/db/client';
import { listStartableWorkflows } from '@/lib/connectors/local/workflows/list-startable-workflows';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → the definitions the viewer may start (发起申请): id, key, name, description, category, version. */
export const GET = route({
  auth: 'user',
  handler: async ({ viewer }) => ({ items: await listStartableWorkflows(getDb(), viewer) }),
});
