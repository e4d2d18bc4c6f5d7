import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listHandoverTasksAsAdmin } from '@/lib/people/list-handover-tasks';

export const dynamic = 'force-dynamic';

/** GET → pending tasks of people who left (需交接). */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listHandoverTasksAsAdmin(getDb(), viewer) }),
});
