import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { delegatedToSql, delegatorsOfSql } from '@/lib/delegation/delegation-sql';
import { notTwinTask } from './same-approval-sql';

export type InboxCounts = { pending: number; ccUnread: number; overdue: number };

/**
 * The rows a badge can count: the viewer's pending approvals not yet acted on (待我处理, as `taskViewWhere`) and
 * their unread cc items. Written with literals, the same condition as the partial index
 * `tasks_inbox_counts_idx`, so the planner can prove the index covers it (a `$n` parameter would not prove it in a
 * generic plan) and count from the index alone, however many read cc items and finished tasks the viewer has.
 */
const countableWhere = sql`((${tasks.kind} = 'approval' and ${tasks.status} = 'pending' and ${tasks.actedAt} is null) or (${tasks.kind} = 'cc' and ${tasks.readAt} is null))`;

/**
 * Badge counts: pending tasks, unread cc items, overdue pending tasks — the same rows 待我处理 and 抄送我的 list
 * (`taskViewWhere`). The viewer's own rows come from the partial index alone; the rare corrections are read
 * separately so they never turn that count into a heap scan: twin tasks shown through their primary (one task
 * for one approval) are taken off, and the pending tasks the viewer holds as someone's delegate (代理) added.
 */
export async function countInbox(db: DbOrTx, viewer: Viewer, now = new Date()): Promise<InboxCounts> {
  const [own] = await countInboxQuery(db, viewer, now);
  const [twins] = await twinCountsQuery(db, viewer, now);
  const [delegated] = await delegatedCountsQuery(db, viewer, now);
  const n = (x: number | undefined) => x ?? 0;
  return {
    pending: n(own?.pending) - n(twins?.pending) + n(delegated?.pending),
    ccUnread: n(own?.ccUnread) - n(twins?.ccUnread),
    overdue: n(own?.overdue) - n(twins?.overdue) + n(delegated?.overdue),
  };
}

function countsOf(now: Date) {
  return {
    pending: sql<number>`count(*) filter (where ${tasks.kind} = 'approval')`.mapWith(Number),
    ccUnread: sql<number>`count(*) filter (where ${tasks.kind} = 'cc')`.mapWith(Number),
    overdue:
      sql<number>`count(*) filter (where ${tasks.kind} = 'approval' and ${tasks.dueAt} <= ${now.toISOString()}::timestamptz)`.mapWith(
        Number,
      ),
  };
}

/** countInbox's main statement (its plan is checked in a test). */
export function countInboxQuery(db: DbOrTx, viewer: Viewer, now: Date) {
  // Within the countable rows, the kind tells pending from unread cc; only columns of the index are read.
  return db
    .select(countsOf(now))
    .from(tasks)
    .where(and(eq(tasks.assigneeUserId, viewer.userId), countableWhere));
}

/** The viewer's countable rows on twin instances that the lists show through the primary instead. */
function twinCountsQuery(db: DbOrTx, viewer: Viewer, now: Date) {
  return db
    .select(countsOf(now))
    .from(tasks)
    .where(
      and(
        eq(tasks.assigneeUserId, viewer.userId),
        countableWhere,
        sql`${tasks.instanceId} in (select twin_instance_id from same_approval_links)`,
        sql`not (${notTwinTask()})`,
      ),
    );
}

/** Pending approvals of the people who delegated to the viewer right now (代理, docs/delegation.md). */
function delegatedCountsQuery(db: DbOrTx, viewer: Viewer, now: Date) {
  return db
    .select(countsOf(now))
    .from(tasks)
    .where(
      and(
        sql`${tasks.assigneeUserId} = any(${delegatorsOfSql(viewer.userId)})`,
        eq(tasks.kind, 'approval'),
        eq(tasks.status, 'pending'),
        isNull(tasks.actedAt),
        delegatedToSql(viewer.userId),
      ),
    );
}
