import { z } from 'zod';
import { getDb } from '@/db/client';
import { listDeliveriesAsAdmin } from '@/lib/distribution/list-deliveries';
import { deliveryListQuerySchema } from '@/lib/distribution/subscription-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET ?status=&page=&pageSize= → {items, total}: the delivery log, newest first. */
export const GET = route({
  auth: 'admin',
  params: z.object({ subscriptionId: z.uuid() }),
  query: deliveryListQuerySchema,
  handler: ({ viewer, params, query }) =>
    listDeliveriesAsAdmin(getDb(), viewer, params.subscriptionId, query),
});
