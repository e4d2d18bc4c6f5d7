import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';

/**
 * Marks a task acted on from Huiban: it leaves 待我处理 at once and no late snapshot brings it back
 * (applySnapshot() never writes acted_at). Only the first action's time is kept.
 */
export async function markTaskActed(db: DbOrTx, params: { taskId: string }): Promise<void> {
  await db
    .update(tasks)
    .set({ actedAt: new Date() })
    .where(and(eq(tasks.id, params.taskId), isNull(tasks.actedAt)));
}
