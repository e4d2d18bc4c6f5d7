import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { getConnectorAsAdmin } from '@/lib/connectors/admin/get-connector';
import { updateConnectorAsAdmin } from '@/lib/connectors/admin/save-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ connectorId: z.uuid() });

/** GET → one connector, secrets only as "is set" flags. */
export const GET = route({
  auth: 'admin',
  params,
  handler: async ({ viewer, params }) => getConnectorAsAdmin(getDb(), viewer, params.connectorId),
});

/** PATCH {…} → the updated connector; omitted fields and empty secrets keep their stored values. */
export const PATCH = route({
  auth: 'admin',
  params,
  // Validated by the stored kind's schema.
  body: z.record(z.string(), z.unknown()),
  handler: async ({ viewer, params, body, request }) =>
    updateConnectorAsAdmin(getDb(), viewer, params.connectorId, body, requestMeta(request)),
});
