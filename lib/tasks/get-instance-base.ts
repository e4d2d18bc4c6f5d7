import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { processInstances, tasks } from '@/db/schema';
import type { InstanceSnapshot } from './snapshot';

/** What Huiban last stored of one instance, in snapshot form (no logs), plus its items by external id. */
export type InstanceBase = {
  snapshot: Omit<InstanceSnapshot, 'tasks' | 'logs' | 'attachments' | 'taskScope' | 'sourceUpdatedAt'>;
  tasks: Map<
    string,
    { kind: 'approval' | 'cc'; assigneeExternalId: string | null; nodeName: string | null; receivedAt: Date }
  >;
};

/**
 * The stored state of one instance, for adapters whose pushes carry only a delta (a Yida complete push names a
 * task but not the instance's title). Read-only. `unsafe`: not scoped to a viewer; never hand it to a client.
 */
export async function unsafeGetInstanceBase(
  db: DbOrTx,
  connectorId: string,
  externalId: string,
): Promise<InstanceBase | null> {
  const [row] = await db
    .select()
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)))
    .limit(1);
  if (!row) return null;
  const items = await db
    .select({
      externalTaskId: tasks.externalTaskId,
      kind: tasks.kind,
      assigneeExternalId: tasks.assigneeExternalId,
      nodeName: tasks.nodeName,
      receivedAt: tasks.receivedAt,
    })
    .from(tasks)
    .where(eq(tasks.instanceId, row.id));
  return {
    snapshot: {
      externalId: row.externalId,
      processCode: row.processCode,
      processName: row.processName,
      title: row.title,
      originator: row.originatorExternalId
        ? { externalUserId: row.originatorExternalId, name: row.originatorName }
        : null,
      status: row.status,
      result: row.result,
      formValues: row.formValues,
      summary: row.summary,
      pcUrl: row.pcUrl,
      mobileUrl: row.mobileUrl,
      createdAt: row.sourceCreatedAt,
      finishedAt: row.sourceFinishedAt,
    },
    tasks: new Map(items.map(({ externalTaskId, ...t }) => [externalTaskId, t])),
  };
}
