import { getDb } from '@/db/client';
import { listHandoverTasksAsAdmin } from '@/lib/directory/list-handover-tasks';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → pending tasks of people who left (需交接). */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listHandoverTasksAsAdmin(getDb(), viewer) }),
});
