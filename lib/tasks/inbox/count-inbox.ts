import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';

export type InboxCounts = { pending: number; ccUnread: number; overdue: number };

/**
 * The rows a badge can count: the viewer's pending approvals not yet acted on (待我处理, as `taskViewWhere`) and
 * their unread cc items. Written with literals, the same condition as the partial index
 * `tasks_inbox_counts_idx`, so the planner can prove the index covers it (a `$n` parameter would not prove it in a
 * generic plan) and count from the index alone, however many read cc items and finished tasks the viewer has.
 */
const countableWhere = sql`((${tasks.kind} = 'approval' and ${tasks.status} = 'pending' and ${tasks.actedAt} is null) or (${tasks.kind} = 'cc' and ${tasks.readAt} is null))`;

/** Badge counts: pending tasks, unread cc items, overdue pending tasks. */
export async function countInbox(db: DbOrTx, viewer: Viewer, now = new Date()): Promise<InboxCounts> {
  const [row] = await countInboxQuery(db, viewer, now);
  return { pending: row?.pending ?? 0, ccUnread: row?.ccUnread ?? 0, overdue: row?.overdue ?? 0 };
}

/** countInbox's statement (its plan is checked in a test). */
export function countInboxQuery(db: DbOrTx, viewer: Viewer, now: Date) {
  // Within the countable rows, the kind tells pending from unread cc; only columns of the index are read.
  return db
    .select({
      pending: sql<number>`count(*) filter (where ${tasks.kind} = 'approval')`.mapWith(Number),
      ccUnread: sql<number>`count(*) filter (where ${tasks.kind} = 'cc')`.mapWith(Number),
      overdue:
        sql<number>`count(*) filter (where ${tasks.kind} = 'approval' and ${tasks.dueAt} <= ${now.toISOString()}::timestamptz)`.mapWith(
          Number,
        ),
    })
    .from(tasks)
    .where(and(eq(tasks.assigneeUserId, viewer.userId), countableWhere));
}
