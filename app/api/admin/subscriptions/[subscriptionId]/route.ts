import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { getSubscriptionAsAdmin } from '@/lib/distribution/list-subscriptions';
import { deleteSubscriptionAsAdmin, updateSubscriptionAsAdmin } from '@/lib/distribution/save-subscription';
import { updateSubscriptionSchema } from '@/lib/distribution/subscription-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ subscriptionId: z.uuid() });

/** GET → one subscription (no secret). */
export const GET = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params }) => getSubscriptionAsAdmin(getDb(), viewer, params.subscriptionId),
});

/** PATCH {name?, url?, eventTypes?, connectorIds?, processCodes?, …} → the subscription. */
export const PATCH = route({
  auth: 'admin',
  params,
  body: updateSubscriptionSchema,
  handler: ({ viewer, params, body, request }) =>
    updateSubscriptionAsAdmin(getDb(), viewer, params.subscriptionId, body, requestMeta(request)),
});

/** DELETE → the subscription and its delivery log are removed. */
export const DELETE = route({
  auth: 'admin',
  params,
  handler: async ({ viewer, params, request }) => {
    await deleteSubscriptionAsAdmin(getDb(), viewer, params.subscriptionId, requestMeta(request));
    return { deleted: true };
  },
});
