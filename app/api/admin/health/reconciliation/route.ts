import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { listReconciliationRunsAsAdmin } from '@/lib/operations/list-reconciliation-runs';
import { requestReconciliationAsAdmin } from '@/lib/operations/request-reconciliation';

export const dynamic = 'force-dynamic';

/** GET → the latest reconciliation runs with their findings, and the drift per day (admins). */
export const GET = route({
  auth: 'admin',
  handler: ({ viewer }) => listReconciliationRunsAsAdmin(getDb(), viewer),
});

/** POST → queue a reconciliation run of every enabled source connector now (admins; audited). */
export const POST = route({
  auth: 'admin',
  handler: ({ viewer, request }) => requestReconciliationAsAdmin(getDb(), viewer, requestMeta(request)),
});
