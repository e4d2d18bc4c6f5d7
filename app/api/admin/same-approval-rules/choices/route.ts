import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listSameApprovalRuleChoicesAsAdmin } from '@/lib/operations/same-approval-rules';

export const dynamic = 'force-dynamic';

/** GET → {connectors: [{id, name, kind, processes: [{code, name, fields}]}]}: what the rule form offers. */
export const GET = route({
  auth: 'admin',
  handler: ({ viewer }) => listSameApprovalRuleChoicesAsAdmin(getDb(), viewer),
});
