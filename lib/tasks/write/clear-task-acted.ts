import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';

/**
 * The source did not take a Huiban action: the task goes back to the assignee's 待我处理 (with the failure
 * shown), if it is still open there.
 */
export async function clearTaskActed(db: DbOrTx, params: { taskId: string }): Promise<void> {
  await db
    .update(tasks)
    .set({ actedAt: null })
    .where(and(eq(tasks.id, params.taskId), eq(tasks.status, 'pending')));
}
