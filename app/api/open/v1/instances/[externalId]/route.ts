import { getDb } from '@/db/client';
import { instancePathSchema } from '@/lib/connectors/api/push-schema';
import { getApiInstance } from '@/lib/connectors/api/query-api-tasks';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET one of this connector's instances with its tasks (404 for another connector's). */
export const GET = route({
  auth: 'apiKey',
  params: instancePathSchema,
  handler: ({ apiKey, params }) => getApiInstance(getDb(), apiKey.connectorId, params.externalId),
});
