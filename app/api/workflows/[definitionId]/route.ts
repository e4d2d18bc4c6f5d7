import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getStartForm } from '@/lib/workflows/list-startable-workflows';

export const dynamic = 'force-dynamic';

/** GET → the published form of a definition the viewer may start; 404 otherwise. */
export const GET = route({
  auth: 'user',
  params: z.object({ definitionId: z.uuid() }),
  handler: ({ viewer, params }) => getStartForm(getDb(), viewer, params.definitionId),
});
