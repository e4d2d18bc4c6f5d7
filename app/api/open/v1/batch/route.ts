import { getDb } from '@/db/client';
import { pushBatch } from '@/lib/connectors/api/push-batch';
import { batchEnvelopeSchema } from '@/lib/connectors/api/push-schema';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST {items: [...≤500]} → one result per item; invalid items are answered, valid ones written. */
export const POST = route({
  auth: 'apiKey',
  body: batchEnvelopeSchema,
  // 500 items with form values and logs: well above the 1 MiB default.
  maxBodyBytes: 16 * 1024 * 1024,
  handler: ({ apiKey, body }) => pushBatch(getDb(), apiKey.connectorId, body.items),
});
