import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getInboundEventAsAdmin } from '@/lib/operations/search-inbound-events';

export const dynamic = 'force-dynamic';

/** GET → one event: masked payload and the instance/tasks it is about (admins). */
export const GET = route({
  auth: 'admin',
  params: z.object({ eventId: z.uuid() }),
  handler: ({ viewer, params }) => getInboundEventAsAdmin(getDb(), viewer, params.eventId),
});
