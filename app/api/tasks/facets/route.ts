import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listInboxFacets } from '@/lib/tasks/inbox/list-inbox-facets';

export const dynamic = 'force-dynamic';

/** GET → the viewer's own processes and connectors, for the inbox filter bar. */
export const GET = route({ auth: 'user', handler: ({ viewer }) => listInboxFacets(getDb(), viewer) });
