import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { retryAction } from '@/lib/tasks/actions/retry-action';

export const dynamic = 'force-dynamic';

/** POST: send a failed action again (only its own user, only when it failed). */
export const POST = route({
  auth: 'user',
  params: z.object({ actionId: z.uuid() }),
  handler: ({ viewer, params, request }) =>
    retryAction(getDb(), viewer, params.actionId, requestMeta(request)),
});
