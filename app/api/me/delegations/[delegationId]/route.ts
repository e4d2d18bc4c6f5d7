import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { cancelDelegation } from '@/lib/delegation/cancel-delegation';
import { route } from '@/lib/http/route';

/** DELETE: the viewer cancels one of their own delegations (404 for anyone else's). */
export const DELETE = route({
  auth: 'user',
  params: z.object({ delegationId: z.uuid() }),
  handler: async ({ viewer, params, request }) => {
    await cancelDelegation(getDb(), viewer, { id: params.delegationId }, requestMeta(request));
    return new Response(null, { status: 204 });
  },
});
