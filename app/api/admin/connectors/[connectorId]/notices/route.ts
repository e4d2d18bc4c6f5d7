import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { saveApiNoticesSchema } from '@/lib/connectors/api/admin-input';
import { saveApiNoticesAsAdmin } from '@/lib/connectors/api/save-api-notices';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** PUT {dingtalkConnectorId, announce, mirrorTodo}: how an open-API connector's tasks are announced in DingTalk. */
export const PUT = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  body: saveApiNoticesSchema,
  handler: ({ viewer, params, body, request }) =>
    saveApiNoticesAsAdmin(getDb(), viewer, params.connectorId, body, requestMeta(request)),
});
