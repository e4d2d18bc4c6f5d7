import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { identities, tasks, users } from '@/db/schema';
import { type PendingStep, pendingStepOf, type StepTask } from './pending-step';

/**
 * The pending step of each given running instance, in one query over their approval items (a page of inbox
 * rows costs one round trip, not one per row). Unscoped: callers pass instances the viewer may already see.
 * Approvers are named as everywhere else: the Huiban user, else the source's directory name, else its id.
 */
export async function listPendingSteps(
  db: DbOrTx,
  runningInstanceIds: readonly string[],
): Promise<Map<string, PendingStep>> {
  const steps = new Map<string, PendingStep>();
  for (const [id, items] of await listStepTasks(db, runningInstanceIds)) steps.set(id, pendingStepOf(items));
  return steps;
}

/** The approval items of each given instance as pendingStepOf() reads them, in one query (unscoped). */
export async function listStepTasks(
  db: DbOrTx,
  instanceIds: readonly string[],
): Promise<Map<string, StepTask[]>> {
  const ids = [...new Set(instanceIds)];
  const byInstance = new Map<string, StepTask[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byInstance;
  const rows = await db
    .select({
      instanceId: tasks.instanceId,
      id: tasks.id,
      nodeName: tasks.nodeName,
      nodeMode: tasks.nodeMode,
      status: tasks.status,
      result: tasks.result,
      isActed: sql<boolean>`${tasks.actedAt} is not null`,
      receivedAt: tasks.receivedAt,
      finishedAt: tasks.finishedAt,
      userId: tasks.assigneeUserId,
      name: sql<string>`coalesce(${users.name}, ${identities.name}, ${tasks.assigneeExternalId})`,
    })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeUserId))
    .leftJoin(
      identities,
      and(
        eq(identities.connectorId, tasks.connectorId),
        eq(identities.externalUserId, tasks.assigneeExternalId),
      ),
    )
    .where(and(inArray(tasks.instanceId, ids), eq(tasks.kind, 'approval')))
    // Same-moment items in the source's order (DingTalk task ids grow), so approvers are listed alike everywhere.
    .orderBy(asc(tasks.receivedAt), asc(tasks.externalTaskId), asc(tasks.id));
  for (const { instanceId, ...task } of rows) byInstance.get(instanceId)?.push(task);
  return byInstance;
}
