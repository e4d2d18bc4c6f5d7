import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { listAdminOperationsAsAdmin, startAdminOperationAsAdmin } from '@/lib/operations/admin-operations';
import { startOperationSchema } from '@/lib/operations/operation-input';

export const dynamic = 'force-dynamic';

/** GET ?kind → the latest replays/resyncs (admins). */
export const GET = route({
  auth: 'admin',
  query: z.object({ kind: z.enum(['replay', 'resync']).optional() }),
  handler: async ({ viewer, query }) => ({
    operations: await listAdminOperationsAsAdmin(getDb(), viewer, query),
  }),
});

/** POST {kind: 'replay'|'resync', params} → 202 with the queued operation, to poll for progress. */
export const POST = route({
  auth: 'admin',
  body: startOperationSchema,
  handler: async ({ viewer, body, request }) =>
    Response.json(await startAdminOperationAsAdmin(getDb(), viewer, body, requestMeta(request)), {
      status: 202,
    }),
});
