import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { createWorkflowAsAdmin } from '@/lib/connectors/local/workflows/create-workflow';
import { listWorkflowsAsAdmin } from '@/lib/connectors/local/workflows/list-workflows';
import { createWorkflowInputSchema } from '@/lib/connectors/local/workflows/workflow-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → every local workflow definition (admins). */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listWorkflowsAsAdmin(getDb(), viewer) }),
});

/** POST {key, name, description?, category?} → the new definition with an empty draft. */
export const POST = route({
  auth: 'admin',
  body: createWorkflowInputSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await createWorkflowAsAdmin(getDb(), viewer, body, requestMeta(request)), { status: 201 }),
});
