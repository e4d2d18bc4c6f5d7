import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { rotateSubscriptionSecretAsAdmin } from '@/lib/distribution/save-subscription';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST → {secret}: a new signing secret, shown this one time; the old one stops verifying. */
export const POST = route({
  auth: 'admin',
  params: z.object({ subscriptionId: z.uuid() }),
  handler: ({ viewer, params, request }) =>
    rotateSubscriptionSecretAsAdmin(getDb(), viewer, params.subscriptionId, requestMeta(request)),
});
