import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { setSubscriptionEnabledAsAdmin } from '@/lib/distribution/set-subscription-enabled';
import { setSubscriptionEnabledSchema } from '@/lib/distribution/subscription-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** PUT {enabled} → the subscription; resuming sends the deliveries held while it was paused. */
export const PUT = route({
  auth: 'admin',
  params: z.object({ subscriptionId: z.uuid() }),
  body: setSubscriptionEnabledSchema,
  handler: ({ viewer, params, body, request }) =>
    setSubscriptionEnabledAsAdmin(getDb(), viewer, params.subscriptionId, body.enabled, requestMeta(request)),
});
