import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import {
  setConnectorEnabledAsAdmin,
  setConnectorEnabledSchema,
} from '@/lib/connectors/admin/set-connector-enabled';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** PUT {enabled} → the connector; the worker opens or closes its Stream connection on its next refresh. */
export const PUT = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  body: setConnectorEnabledSchema,
  handler: async ({ viewer, params, body, request }) =>
    setConnectorEnabledAsAdmin(getDb(), viewer, params.connectorId, body.enabled, requestMeta(request)),
});
