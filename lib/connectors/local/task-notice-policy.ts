import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { localRuns, workflowVersions } from '@/db/schema';
import { announceTasksOf, type NoticePolicy } from '../dingtalk/task-notices/notice-policy';
import { workflowOptionsSchema } from './definition-schema';

/**
 * A local workflow announces its tasks when its version says so (`notifyAssignee`, through the DingTalk connector
 * of `mirrorTodoConnectorId`). Its 待办 mirror stays the engine's own effect (`mirrorTodo` / `completeTodo`), so
 * the process centre can replace it per workflow without touching notices.
 */
export async function localNoticePolicy(
  db: DbOrTx,
  instance: { externalId: string },
): Promise<NoticePolicy | null> {
  const [row] = await db
    .select({ options: workflowVersions.options })
    .from(localRuns)
    .innerJoin(workflowVersions, eq(workflowVersions.id, localRuns.versionId))
    .where(eq(localRuns.id, instance.externalId));
  if (!row) return null;
  const options = workflowOptionsSchema.parse(row.options ?? {});
  if (!options.notifyAssignee || !options.mirrorTodoConnectorId) return null;
  return { dingtalkConnectorId: options.mirrorTodoConnectorId, announce: true, mirrorTodo: false };
}

// Registered where local snapshots are applied (apply-local-event.ts imports this module) and in the worker.
announceTasksOf('local', localNoticePolicy);
