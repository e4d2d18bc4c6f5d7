import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  createSameApprovalRuleAsAdmin,
  listSameApprovalRulesAsAdmin,
  sameApprovalRuleInputSchema,
} from '@/lib/operations/same-approval-rules';

export const dynamic = 'force-dynamic';

/** GET → {items}: the "same approval" field rules, each with the pairs it linked (docs/same-approval.md). */
export const GET = route({
  auth: 'admin',
  handler: ({ viewer }) => listSameApprovalRulesAsAdmin(getDb(), viewer),
});

/** POST {name, a: {connectorId, processCode, field}, b: {…}, enabled?} → 201, the rule. */
export const POST = route({
  auth: 'admin',
  body: sameApprovalRuleInputSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await createSameApprovalRuleAsAdmin(getDb(), viewer, body, requestMeta(request)), {
      status: 201,
    }),
});
