import { getDb } from '@/db/client';
import { taskListQuerySchema } from '@/lib/connectors/api/push-schema';
import { listApiTasks } from '@/lib/connectors/api/query-api-tasks';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET ?status=&instanceExternalId=&limit= → this connector's tasks, newest change first. */
export const GET = route({
  auth: 'apiKey',
  query: taskListQuerySchema,
  handler: ({ apiKey, query }) => listApiTasks(getDb(), apiKey.connectorId, query),
});
