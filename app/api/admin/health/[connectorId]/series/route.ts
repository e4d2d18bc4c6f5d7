import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getEventSeriesAsAdmin } from '@/lib/operations/get-sync-health';

export const dynamic = 'force-dynamic';

/** GET ?range=1h|24h → events and lag per 5 minutes for one connector's charts (admins). */
export const GET = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  query: z.object({ range: z.enum(['1h', '24h']).default('1h') }),
  handler: async ({ viewer, params, query }) => ({
    buckets: await getEventSeriesAsAdmin(getDb(), viewer, {
      connectorId: params.connectorId,
      range: query.range,
    }),
  }),
});
