import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import type { Viewer } from '@/lib/auth/viewer';
import { countInbox, type InboxCounts } from './count-inbox';
import { INBOX_VIEWS, inboxFiltersSchema } from './inbox-filters';
import { type InboxPage, listInbox } from './list-inbox';

/** What `GET /api/tasks` takes: a view, its filters, and the page. */
export const inboxQuerySchema = inboxFiltersSchema.extend({
  view: z.enum(INBOX_VIEWS),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

/** `asOf`: the server's clock when the page was read; relative times ("3 分钟前") render from it until hydrated. */
export type InboxAnswer = InboxPage & { counts: InboxCounts; asOf: string };

/**
 * One page of the viewer's inbox view with the badge counts: the answer of `GET /api/tasks`, and the first page
 * the inbox page renders on the server (so the list shows with the HTML, without a request after it).
 */
export async function loadInboxAnswer(db: DbOrTx, viewer: Viewer, query: InboxQuery): Promise<InboxAnswer> {
  const { view, cursor, limit, ...filters } = query;
  const now = new Date();
  const [page, counts] = await Promise.all([
    listInbox(db, viewer, { view, cursor, limit, filters, now }),
    countInbox(db, viewer),
  ]);
  return { ...page, counts, asOf: now.toISOString() };
}
