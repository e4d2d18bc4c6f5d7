import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { listSubscriptionsAsAdmin } from '@/lib/distribution/list-subscriptions';
import { createSubscriptionAsAdmin } from '@/lib/distribution/save-subscription';
import { createSubscriptionSchema } from '@/lib/distribution/subscription-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → webhook and connect-trigger subscriptions with delivery counts; never a secret. Admins only. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ subscriptions: await listSubscriptionsAsAdmin(getDb(), viewer) }),
});

/** POST {kind, name, eventTypes, …} → 201 {subscription, secret}: the signing secret, this one time only. */
export const POST = route({
  auth: 'admin',
  body: createSubscriptionSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await createSubscriptionAsAdmin(getDb(), viewer, body, requestMeta(request)), {
      status: 201,
    }),
});
