import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { redeliverAsAdmin } from '@/lib/distribution/redeliver';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST → {queued: true}: the delivery is sent again by a new job. */
export const POST = route({
  auth: 'admin',
  params: z.object({ subscriptionId: z.uuid(), deliveryId: z.uuid() }),
  handler: ({ viewer, params, request }) =>
    redeliverAsAdmin(getDb(), viewer, params.subscriptionId, params.deliveryId, requestMeta(request)),
});
