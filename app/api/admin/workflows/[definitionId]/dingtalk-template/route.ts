import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { saveDingTalkTemplateAsAdmin } from '@/lib/connectors/local/workflows/save-dingtalk-template';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * POST `{ connectorId }` → creates (or, when one was created on that connector before, updates) the DingTalk
 * approval template of this workflow's form: `{ template, created, fieldMap }`. DingTalk's refusals: 409 / 502
 * with the reason.
 */
export const POST = route({
  auth: 'admin',
  params: z.object({ definitionId: z.uuid() }),
  body: z.object({ connectorId: z.uuid() }),
  handler: ({ viewer, params, body, request }) =>
    saveDingTalkTemplateAsAdmin(
      getDb(),
      viewer,
      { definitionId: params.definitionId, connectorId: body.connectorId },
      requestMeta(request),
    ),
});
