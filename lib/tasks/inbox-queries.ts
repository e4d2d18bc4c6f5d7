import { and, count, desc, eq, isNotNull, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { processInstances, tasks, users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';

export const INBOX_VIEWS = ['pending', 'done', 'initiated', 'cc'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export type InboxRow = {
  /** The task id (pending/done/cc) or the instance id (initiated). */
  id: string;
  instanceId: string;
  title: string;
  source: 'dingtalk' | 'yida' | 'local' | 'api';
  processName: string | null;
  originatorName: string | null;
  nodeName: string | null;
  status: string;
  result: string | null;
  summary: string | null;
  receivedAt: string;
  dueAt: string | null;
  isRead: boolean;
  pcUrl: string | null;
  mobileUrl: string | null;
};

export type InboxPage = { items: InboxRow[]; nextCursor: string | null };

/** Keyset cursor (received time, id): stable under inserts, no OFFSET (style rule 29). */
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  return id && !Number.isNaN(date.getTime()) && /^[0-9a-f-]{36}$/.test(id) ? { at: date, id } : null;
}

/** The conditions that define each task view for a viewer (待我处理 / 我已处理 / 抄送我的). */
function taskViewWhere(viewer: Viewer, view: Exclude<InboxView, 'initiated'>): SQL | undefined {
  const mine = eq(tasks.assigneeUserId, viewer.userId);
  switch (view) {
    case 'pending':
      // An acted task leaves 待我处理 at once, whatever a late event says (design: task_actions).
      return and(mine, eq(tasks.kind, 'approval'), eq(tasks.status, 'pending'), isNull(tasks.actedAt));
    case 'done':
      return and(mine, eq(tasks.kind, 'approval'), or(ne(tasks.status, 'pending'), isNotNull(tasks.actedAt)));
    case 'cc':
      return and(mine, eq(tasks.kind, 'cc'));
  }
}

/**
 * One page of one inbox view, scoped to the viewer (invariant 5): only their own tasks, or the instances they
 * originated. Newest first.
 */
export async function listInbox(
  db: DbOrTx,
  viewer: Viewer,
  input: { view: InboxView; cursor?: string; limit?: number },
): Promise<InboxPage> {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const after = decodeCursor(input.cursor);
  if (input.view === 'initiated') {
    const rows = await db
      .select()
      .from(processInstances)
      .where(
        and(
          eq(processInstances.originatorUserId, viewer.userId),
          after
            ? or(
                lt(processInstances.sourceCreatedAt, after.at),
                and(eq(processInstances.sourceCreatedAt, after.at), lt(processInstances.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(processInstances.sourceCreatedAt), desc(processInstances.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((i) => ({
        id: i.id,
        instanceId: i.id,
        title: i.title,
        source: i.source,
        processName: i.processName,
        originatorName: i.originatorName,
        nodeName: null,
        status: i.status,
        result: i.result,
        summary: i.summary,
        receivedAt: i.sourceCreatedAt.toISOString(),
        dueAt: null,
        isRead: true,
        pcUrl: i.pcUrl,
        mobileUrl: i.mobileUrl,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.sourceCreatedAt, last.id) : null,
    };
  }
  const rows = await db
    .select({
      task: tasks,
      processName: processInstances.processName,
      originatorName: processInstances.originatorName,
      originatorExternalId: processInstances.originatorExternalId,
      originatorUserName: users.name,
      summary: processInstances.summary,
    })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .leftJoin(users, eq(users.id, processInstances.originatorUserId))
    .where(
      and(
        taskViewWhere(viewer, input.view),
        after
          ? or(lt(tasks.receivedAt, after.at), and(eq(tasks.receivedAt, after.at), lt(tasks.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(tasks.receivedAt), desc(tasks.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1]?.task;
  return {
    items: page.map(
      ({ task, processName, originatorName, originatorExternalId, originatorUserName, summary }) => ({
        id: task.id,
        instanceId: task.instanceId,
        title: task.title,
        source: task.source,
        processName,
        // The source's name, else the linked Huiban user's, else the raw source id.
        originatorName: originatorName ?? originatorUserName ?? originatorExternalId,
        nodeName: task.nodeName,
        // Acted from Huiban but not yet confirmed by the source: shown as done by the viewer.
        status: task.actedAt && task.status === 'pending' ? 'acted' : task.status,
        result: task.result,
        summary,
        receivedAt: task.receivedAt.toISOString(),
        dueAt: task.dueAt?.toISOString() ?? null,
        isRead: task.kind !== 'cc' || task.readAt !== null,
        pcUrl: task.pcUrl,
        mobileUrl: task.mobileUrl,
      }),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
  };
}

/** Badge counts: pending tasks, unread cc items. */
export async function countInbox(db: DbOrTx, viewer: Viewer): Promise<{ pending: number; ccUnread: number }> {
  const [pending] = await db.select({ n: count() }).from(tasks).where(taskViewWhere(viewer, 'pending'));
  const [cc] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(taskViewWhere(viewer, 'cc'), isNull(tasks.readAt)));
  return { pending: pending?.n ?? 0, ccUnread: cc?.n ?? 0 };
}
