import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { setWorkflowEnabledAsAdmin } from '@/lib/connectors/local/workflows/set-workflow-enabled';
import { setWorkflowEnabledInputSchema } from '@/lib/connectors/local/workflows/workflow-input';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** PUT {enabled} → disabled definitions leave 发起申请; running instances go on. */
export const PUT = route({
  auth: 'admin',
  params: z.object({ definitionId: z.uuid() }),
  body: setWorkflowEnabledInputSchema,
  handler: ({ viewer, params, body, request }) =>
    setWorkflowEnabledAsAdmin(getDb(), viewer, params.definitionId, body.enabled, requestMeta(request)),
});
