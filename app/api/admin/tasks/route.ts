import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { adminTaskSearchSchema, listTasksAsAdmin } from '@/lib/tasks/list-tasks-as-admin';

export const dynamic = 'force-dynamic';

/** GET ?connectorId&source&status&kind&assignee&processCode&q&page → all tasks across users (admins). */
export const GET = route({
  auth: 'admin',
  query: adminTaskSearchSchema,
  handler: ({ viewer, query }) => listTasksAsAdmin(getDb(), viewer, query),
});
