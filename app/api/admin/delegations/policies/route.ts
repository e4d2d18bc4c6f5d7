import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { delegationPolicyInputSchema } from '@/lib/delegation/delegation-input';
import { listDelegationPoliciesAsAdmin } from '@/lib/delegation/list-delegation-policies-as-admin';
import { setDelegationPolicyAsAdmin } from '@/lib/delegation/set-delegation-policy-as-admin';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET: each connector's delegation policy. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listDelegationPoliciesAsAdmin(getDb(), viewer) }),
});

/** PUT {connectorId, policy}: act in the assignee's name, or transfer to the delegate. */
export const PUT = route({
  auth: 'admin',
  body: delegationPolicyInputSchema,
  handler: async ({ viewer, body, request }) =>
    setDelegationPolicyAsAdmin(getDb(), viewer, body, requestMeta(request)),
});
