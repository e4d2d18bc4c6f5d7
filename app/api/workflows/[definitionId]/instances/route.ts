import { z } from 'zod';
import { getDb } from '@/db/client';
import { startLocalInstance } from '@/lib/connectors/local/start-local-instance';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * POST `{ values, dingtalkDeptId? }` → 201 `{ instanceId }`; 400 with issues at `values.<field>…` (or
 * `dingtalkDeptId` when the department the form asked for is missing or not the viewer's); 404 if not startable.
 */
export const POST = route({
  auth: 'user',
  params: z.object({ definitionId: z.uuid() }),
  body: z.object({
    values: z.record(z.string(), z.unknown()),
    dingtalkDeptId: z.string().min(1).max(40).optional(),
  }),
  maxBodyBytes: 2 * 1024 * 1024,
  handler: async ({ viewer, params, body }) =>
    Response.json(await startLocalInstance(getDb(), viewer, { definitionId: params.definitionId, ...body }), {
      status: 201,
    }),
});
