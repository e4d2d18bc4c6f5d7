import { getDb } from '@/db/client';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { instanceUpsertSchema } from '@/lib/connectors/api/push-schema';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST an instance with its tasks → {ok, outcome: created|updated|stale}. Idempotent by externalId. */
export const POST = route({
  auth: 'apiKey',
  body: instanceUpsertSchema,
  handler: ({ apiKey, body }) => pushInstance(getDb(), apiKey.connectorId, body),
});
