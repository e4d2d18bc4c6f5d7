import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { saveApiCallbackSchema } from '@/lib/connectors/api/admin-input';
import { saveApiCallbackAsAdmin } from '@/lib/connectors/api/save-api-callback';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** PUT {callbackUrl, rotateSecret?} → {callbackUrl, secret?}; a new signing secret is shown once. */
export const PUT = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  body: saveApiCallbackSchema,
  handler: ({ viewer, params, body, request }) =>
    saveApiCallbackAsAdmin(getDb(), viewer, params.connectorId, body, requestMeta(request)),
});
