import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { countInbox } from '@/lib/tasks/inbox/count-inbox';
import { INBOX_VIEWS, inboxFiltersSchema } from '@/lib/tasks/inbox/inbox-filters';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';

export const dynamic = 'force-dynamic';

/**
 * GET ?view=pending|done|initiated|cc&cursor=&limit=&q=&source=&connectorId=&process=&status=&originator=
 * &receivedFrom=&receivedTo=&dueFrom=&dueTo=&overdue=&unread=&sort=received|updated|due
 * → one page of the viewer's inbox view, with badge counts.
 */
export const GET = route({
  auth: 'user',
  query: inboxFiltersSchema.extend({
    view: z.enum(INBOX_VIEWS),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  }),
  handler: async ({ viewer, query }) => {
    const db = getDb();
    const { view, cursor, limit, ...filters } = query;
    const [page, counts] = await Promise.all([
      listInbox(db, viewer, { view, cursor, limit, filters }),
      countInbox(db, viewer),
    ]);
    return { ...page, counts };
  },
});
