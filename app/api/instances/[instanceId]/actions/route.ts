import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { instanceActionInputSchema, revokeInstance } from '@/lib/tasks/actions/revoke-instance';

export const dynamic = 'force-dynamic';

/** POST {action: 'revoke', remark?}: the originator revokes their running instance. */
export const POST = route({
  auth: 'user',
  params: z.object({ instanceId: z.uuid() }),
  body: instanceActionInputSchema,
  handler: ({ viewer, params, body, request }) =>
    revokeInstance(getDb(), viewer, { instanceId: params.instanceId, ...body }, requestMeta(request)),
});
