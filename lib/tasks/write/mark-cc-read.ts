import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';

/** Marks the viewer's cc items of these tasks read (抄送我的 unread marking); only their own rows change. */
export async function markCcRead(db: DbOrTx, viewer: Viewer, taskIds: string[]): Promise<number> {
  if (!taskIds.length) return 0;
  const changed = await db
    .update(tasks)
    .set({ readAt: new Date() })
    .where(
      and(
        inArray(tasks.id, taskIds),
        eq(tasks.assigneeUserId, viewer.userId),
        eq(tasks.kind, 'cc'),
        isNull(tasks.readAt),
      ),
    )
    .returning({ id: tasks.id });
  return changed.length;
}
