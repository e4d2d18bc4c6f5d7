import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { publishWorkflowAsAdmin } from '@/lib/connectors/local/workflows/publish-workflow';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST → the draft becomes version N+1 (400 with issues at `draft.<path>` when it is not valid). */
export const POST = route({
  auth: 'admin',
  params: z.object({ definitionId: z.uuid() }),
  handler: ({ viewer, params, request }) =>
    publishWorkflowAsAdmin(getDb(), viewer, params.definitionId, requestMeta(request)),
});
