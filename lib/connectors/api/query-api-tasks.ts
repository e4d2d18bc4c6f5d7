import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { processInstances, type Task, tasks } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { InstanceState } from './push-schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function taskState(t: Task) {
  return {
    externalTaskId: t.externalTaskId,
    kind: t.kind,
    assigneeExternalId: t.assigneeExternalId,
    assigneeUserId: t.assigneeUserId,
    status: t.status,
    result: t.result,
    nodeName: t.nodeName,
    dueAt: iso(t.dueAt),
    finishedAt: iso(t.finishedAt),
    updatedAt: t.sourceUpdatedAt.toISOString(),
    actedInHuibanAt: iso(t.actedAt),
  };
}

/**
 * One instance pushed by this connector, with its tasks. Scoped by connector: another connector's instance
 * with the same external id is a different instance, and one that exists only elsewhere is 404.
 */
export async function getApiInstance(
  db: DbOrTx,
  connectorId: string,
  externalId: string,
): Promise<InstanceState> {
  const [instance] = await db
    .select()
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)));
  if (!instance) throw new AppError('not_found', `no instance ${externalId} under this API key's connector`);
  const rows = await db
    .select()
    .from(tasks)
    .where(eq(tasks.instanceId, instance.id))
    .orderBy(tasks.receivedAt, tasks.externalTaskId);
  return {
    externalId: instance.externalId,
    title: instance.title,
    status: instance.status,
    result: instance.result,
    updatedAt: instance.sourceUpdatedAt.toISOString(),
    tasks: rows.map(taskState),
  };
}

/** This connector's tasks, newest change first, optionally by status or instance. */
export async function listApiTasks(
  db: DbOrTx,
  connectorId: string,
  query: { status?: Task['status']; instanceExternalId?: string; limit: number },
) {
  const rows = await db
    .select({ task: tasks, instanceExternalId: processInstances.externalId })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(
        eq(tasks.connectorId, connectorId),
        query.status ? eq(tasks.status, query.status) : undefined,
        query.instanceExternalId
          ? inArray(processInstances.externalId, [query.instanceExternalId])
          : undefined,
      ),
    )
    .orderBy(desc(tasks.sourceUpdatedAt), desc(tasks.id))
    .limit(query.limit);
  return { tasks: rows.map((r) => ({ instanceExternalId: r.instanceExternalId, ...taskState(r.task) })) };
}
