import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { inboxQuerySchema, loadInboxAnswer } from '@/lib/tasks/inbox/inbox-answer';

export const dynamic = 'force-dynamic';

/**
 * GET ?view=pending|done|initiated|cc&cursor=&limit=&q=&source=&connectorId=&process=&status=&originator=
 * &receivedFrom=&receivedTo=&dueFrom=&dueTo=&overdue=&unread=&sort=received|updated|due
 * → one page of the viewer's inbox view, with badge counts.
 */
export const GET = route({
  auth: 'user',
  query: inboxQuerySchema,
  handler: ({ viewer, query }) => loadInboxAnswer(getDb(), viewer, query),
});
