import { z } from 'zod';
import { getDb } from '@/db/client';
import { startLocalInstance } from '@/lib/connectors/local/start-local-instance';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST `{ values }` → 201 `{ instanceId }`; 400 with issues at `values.<field>…`; 404 if not startable. */
export const POST = route({
  auth: 'user',
  params: z.object({ definitionId: z.uuid() }),
  body: z.object({ values: z.record(z.string(), z.unknown()) }),
  maxBodyBytes: 2 * 1024 * 1024,
  handler: async ({ viewer, params, body }) =>
    Response.json(
      await startLocalInstance(getDb(), viewer, { definitionId: params.definitionId, values: body.values }),
      { status: 201 },
    ),
});
