import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { deleteSameApprovalRuleAsAdmin } from '@/lib/operations/same-approval-rules';

export const dynamic = 'force-dynamic';

/** DELETE: the rule no longer links new instances (links already made stay). 404 when unknown. */
export const DELETE = route({
  auth: 'admin',
  params: z.object({ ruleId: z.string().max(100) }),
  handler: async ({ viewer, params, request }) => {
    await deleteSameApprovalRuleAsAdmin(getDb(), viewer, params.ruleId, requestMeta(request));
    return { removed: true };
  },
});
