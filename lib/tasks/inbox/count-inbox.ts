import { and, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { delegatedToSql } from '@/lib/delegation/delegation-sql';
import { taskViewWhere } from './inbox-sql';

export type InboxCounts = { pending: number; ccUnread: number; overdue: number };

/** Badge counts: pending tasks (delegated ones included, 代理), unread cc items, overdue pending tasks. */
export async function countInbox(db: DbOrTx, viewer: Viewer, now = new Date()): Promise<InboxCounts> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${taskViewWhere(viewer, 'pending')})`.mapWith(Number),
      ccUnread:
        sql<number>`count(*) filter (where ${tasks.kind} = 'cc' and ${tasks.readAt} is null and ${tasks.assigneeUserId} = ${viewer.userId})`.mapWith(
          Number,
        ),
      overdue:
        sql<number>`count(*) filter (where ${taskViewWhere(viewer, 'pending')} and ${tasks.dueAt} <= ${now.toISOString()}::timestamptz)`.mapWith(
          Number,
        ),
    })
    .from(tasks)
    .where(
      or(
        and(eq(tasks.assigneeUserId, viewer.userId), or(eq(tasks.status, 'pending'), eq(tasks.kind, 'cc'))),
        and(eq(tasks.status, 'pending'), delegatedToSql(viewer.userId)),
      ),
    );
  return { pending: row?.pending ?? 0, ccUnread: row?.ccUnread ?? 0, overdue: row?.overdue ?? 0 };
}
