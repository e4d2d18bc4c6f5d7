import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { cancelDelegation } from '@/lib/delegation/cancel-delegation';
import { route } from '@/lib/http/route';

/** DELETE: an admin cancels anyone's delegation. */
export const DELETE = route({
  auth: 'admin',
  params: z.object({ delegationId: z.uuid() }),
  handler: async ({ viewer, params, request }) => {
    await cancelDelegation(getDb(), viewer, { id: params.delegationId, asAdmin: true }, requestMeta(request));
    return new Response(null, { status: 204 });
  },
});
