import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listUnmappedIdentitiesAsAdmin } from '@/lib/people/list-unmapped-identities';

export const dynamic = 'force-dynamic';

/** GET ?connectorId= → identities no user is linked to, with their waiting task counts. */
export const GET = route({
  auth: 'admin',
  query: z.object({ connectorId: z.uuid().optional() }),
  handler: async ({ viewer, query }) => ({
    items: await listUnmappedIdentitiesAsAdmin(getDb(), viewer, query),
  }),
});
