import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import {
  cancelLocalInstanceAsAdmin,
  cancelLocalInstanceInputSchema,
} from '@/lib/connectors/local/cancel-local-instance';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST `{ reason }`: an admin cancels a running local workflow instance (audited). */
export const POST = route({
  auth: 'admin',
  params: z.object({ instanceId: z.uuid() }),
  body: cancelLocalInstanceInputSchema,
  handler: ({ viewer, params, body, request }) =>
    cancelLocalInstanceAsAdmin(
      getDb(),
      viewer,
      { instanceId: params.instanceId, reason: body.reason },
      requestMeta(request),
    ),
});
