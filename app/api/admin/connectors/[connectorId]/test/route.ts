import { z } from 'zod';
import { getDb } from '@/db/client';
import { testConnectorAsAdmin } from '@/lib/connectors/admin/test-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST → {ok, latencyMs} or {ok: false, code, message}: checks the saved credentials against the source. */
export const POST = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  handler: async ({ viewer, params }) => testConnectorAsAdmin(getDb(), viewer, params.connectorId),
});
