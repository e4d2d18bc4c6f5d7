import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { revokeApiKeyAsAdmin } from '@/lib/connectors/api/revoke-api-key';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** DELETE → revokes the key (requests with it answer 401 from now on). */
export const DELETE = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid(), keyId: z.uuid() }),
  handler: ({ viewer, params, request }) =>
    revokeApiKeyAsAdmin(getDb(), viewer, params.connectorId, params.keyId, requestMeta(request)),
});
