import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getAdminOperationAsAdmin } from '@/lib/operations/admin-operations';

export const dynamic = 'force-dynamic';

/** GET → one operation's status, progress and result (the page polls this). */
export const GET = route({
  auth: 'admin',
  params: z.object({ operationId: z.uuid() }),
  handler: ({ viewer, params }) => getAdminOperationAsAdmin(getDb(), viewer, params.operationId),
});
