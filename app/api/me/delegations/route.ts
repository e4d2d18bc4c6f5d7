import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { createDelegation } from '@/lib/delegation/create-delegation';
import { delegationInputSchema } from '@/lib/delegation/delegation-input';
import { listMyDelegations } from '@/lib/delegation/list-delegations';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET: the viewer's delegations (set by them, and naming them as delegate). */
export const GET = route({
  auth: 'user',
  handler: async ({ viewer }) => ({ items: await listMyDelegations(getDb(), viewer) }),
});

/** POST {delegateUserId, startsAt, endsAt, processes?, note?}: the viewer names a delegate (201). */
export const POST = route({
  auth: 'user',
  body: delegationInputSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await createDelegation(getDb(), viewer, body, requestMeta(request)), { status: 201 }),
});
