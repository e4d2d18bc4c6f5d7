import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { inboxFacets } from '@/lib/tasks/inbox-queries';

export const dynamic = 'force-dynamic';

/** GET → the viewer's own processes and connectors, for the inbox filter bar. */
export const GET = route({ auth: 'user', handler: ({ viewer }) => inboxFacets(getDb(), viewer) });
