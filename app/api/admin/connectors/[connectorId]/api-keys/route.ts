import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { createApiKeySchema } from '@/lib/connectors/api/admin-input';
import { createApiKeyAsAdmin } from '@/lib/connectors/api/create-api-key';
import { getApiAccessAsAdmin } from '@/lib/connectors/api/get-api-access';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ connectorId: z.uuid() });

/** GET → the connector's keys (prefix, last used, revoked) and callback settings; no secret values. */
export const GET = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params }) => getApiAccessAsAdmin(getDb(), viewer, params.connectorId),
});

/** POST {name} → the new key (201); `key` appears in this answer only. */
export const POST = route({
  auth: 'admin',
  params,
  body: createApiKeySchema,
  handler: async ({ viewer, params, body, request }) =>
    Response.json(
      await createApiKeyAsAdmin(getDb(), viewer, params.connectorId, body, requestMeta(request)),
      {
        status: 201,
      },
    ),
});
