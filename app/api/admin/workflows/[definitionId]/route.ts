import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { getWorkflowAsAdmin } from '@/lib/connectors/local/workflows/get-workflow';
import { saveWorkflowDraftAsAdmin } from '@/lib/connectors/local/workflows/save-workflow-draft';
import { saveWorkflowDraftInputSchema } from '@/lib/connectors/local/workflows/workflow-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ definitionId: z.uuid() });

/** GET → the definition with its draft (and the draft's problems) and every published version. */
export const GET = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params }) => getWorkflowAsAdmin(getDb(), viewer, params.definitionId),
});

/** PUT {name, description, category, starters, draft} → saved; the published version is untouched. */
export const PUT = route({
  auth: 'admin',
  params,
  body: saveWorkflowDraftInputSchema,
  maxBodyBytes: 512 * 1024,
  handler: ({ viewer, params, body, request }) =>
    saveWorkflowDraftAsAdmin(getDb(), viewer, params.definitionId, body, requestMeta(request)),
});
