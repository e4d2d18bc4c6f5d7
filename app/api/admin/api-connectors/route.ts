import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { createApiConnectorSchema } from '@/lib/connectors/manage/api-access-input';
import { createApiConnectorAsAdmin } from '@/lib/connectors/manage/create-api-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST {name, callbackUrl?} → the created open-API connector (201), with the callback secret shown once. */
export const POST = route({
  auth: 'admin',
  body: createApiConnectorSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await createApiConnectorAsAdmin(getDb(), viewer, body, requestMeta(request)), {
      status: 201,
    }),
});
