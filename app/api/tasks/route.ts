import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { countInbox, INBOX_VIEWS, listInbox } from '@/lib/tasks/inbox-queries';

export const dynamic = 'force-dynamic';

/** GET ?view=pending|done|initiated|cc&cursor=&limit= → one page of the viewer's inbox view, with badge counts. */
export const GET = route({
  auth: 'user',
  query: z.object({
    view: z.enum(INBOX_VIEWS),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  }),
  handler: async ({ viewer, query }) => {
    const db = getDb();
    const [page, counts] = await Promise.all([listInbox(db, viewer, query), countInbox(db, viewer)]);
    return { ...page, counts };
  },
});
