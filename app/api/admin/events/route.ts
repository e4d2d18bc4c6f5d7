import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { eventSearchSchema, searchInboundEventsAsAdmin } from '@/lib/operations/search-inbound-events';

export const dynamic = 'force-dynamic';

/** GET ?connectorId&type&status&instanceId&from&to&page&pageSize → the event log (admins). */
export const GET = route({
  auth: 'admin',
  query: eventSearchSchema,
  handler: ({ viewer, query }) => searchInboundEventsAsAdmin(getDb(), viewer, query),
});
