import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { setWorkflowEnabledAsAdmin } from '@/lib/workflows/set-workflow-enabled';
import { setWorkflowEnabledInputSchema } from '@/lib/workflows/workflow-input';

export const dynamic = 'force-dynamic';

/** PUT {enabled} → disabled definitions leave 发起申请; running instances go on. */
export const PUT = route({
  auth: 'admin',
  params: z.object({ definitionId: z.uuid() }),
  body: setWorkflowEnabledInputSchema,
  handler: ({ viewer, params, body, request }) =>
    setWorkflowEnabledAsAdmin(getDb(), viewer, params.definitionId, body.enabled, requestMeta(request)),
});
