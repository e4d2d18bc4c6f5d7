import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { createDelegationAsAdmin } from '@/lib/delegation/create-delegation';
import { delegationAsAdminInputSchema } from '@/lib/delegation/delegation-input';
import { listDelegationsAsAdmin } from '@/lib/delegation/list-delegations';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET: every delegation. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listDelegationsAsAdmin(getDb(), viewer) }),
});

/** POST {principalUserId, delegateUserId, startsAt, endsAt, processes?, note?}: a delegate for anyone (201). */
export const POST = route({
  auth: 'admin',
  body: delegationAsAdminInputSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await createDelegationAsAdmin(getDb(), viewer, body, requestMeta(request)), {
      status: 201,
    }),
});
