import { z } from 'zod';
import { getDb } from '@/db/client';
import { getStartForm } from '@/lib/connectors/local/workflows/list-startable-workflows';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → the published form of a definition the viewer may start; 404 otherwise. */
export const GET = route({
  auth: 'user',
  params: z.object({ definitionId: z.uuid() }),
  handler: ({ viewer, params }) => getStartForm(getDb(), viewer, params.definitionId),
});
