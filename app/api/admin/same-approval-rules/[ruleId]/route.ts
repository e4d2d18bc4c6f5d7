import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  deleteSameApprovalRuleAsAdmin,
  sameApprovalRuleInputSchema,
  updateSameApprovalRuleAsAdmin,
} from '@/lib/operations/same-approval-rules';

export const dynamic = 'force-dynamic';

const params = z.object({ ruleId: z.string().max(100) });

/** PUT {name, a, b, enabled?} (as POST): the edited rule. Links it made stay; 404 when unknown, 409 a duplicate. */
export const PUT = route({
  auth: 'admin',
  params,
  body: sameApprovalRuleInputSchema,
  handler: ({ viewer, params, body, request }) =>
    updateSameApprovalRuleAsAdmin(getDb(), viewer, params.ruleId, body, requestMeta(request)),
});

/** DELETE: the rule no longer links new instances (links already made stay). 404 when unknown. */
export const DELETE = route({
  auth: 'admin',
  params,
  handler: async ({ viewer, params, request }) => {
    await deleteSameApprovalRuleAsAdmin(getDb(), viewer, params.ruleId, requestMeta(request));
    return { removed: true };
  },
});
