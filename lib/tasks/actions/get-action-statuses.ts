import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { taskActions } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';

/**
 * Write-back state of the viewer's own actions, and of those they took as a delegate (代理) (batch approve polls
 * this); other people's ids are omitted.
 */
export async function getActionStatuses(
  db: Db,
  viewer: Viewer,
  actionIds: string[],
): Promise<{ id: string; taskId: string | null; writeBackStatus: string; lastError: string | null }[]> {
  if (!actionIds.length) return [];
  return db
    .select({
      id: taskActions.id,
      taskId: taskActions.taskId,
      writeBackStatus: taskActions.writeBackStatus,
      lastError: taskActions.lastError,
    })
    .from(taskActions)
    .where(
      and(
        inArray(taskActions.id, actionIds),
        or(
          eq(taskActions.userId, viewer.userId),
          sql`${taskActions.params}->>'delegateUserId' = ${viewer.userId}`,
        ),
      ),
    );
}
