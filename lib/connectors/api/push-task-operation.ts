import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { processInstances, tasks } from '@/db/schema';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
// Registers the open API's notice policy for the writes below.
import './api-notice-policy';
import type { PushResult, TaskOperation, TaskOperationBody } from './push-schema';

const STATUS = { complete: 'done', cancel: 'cancelled', delete: 'deleted' } as const;

/**
 * Completes, cancels or deletes one task of an instance pushed earlier by this connector. The change is a
 * partial snapshot built from the stored instance plus the changed task, applied through applySnapshot(), so
 * per-task monotonicity holds: a change older than the stored task is `stale` and writes nothing. Instances
 * of other connectors are invisible here (`not_found`).
 */
export async function pushTaskOperation(
  db: DbOrTx,
  connectorId: string,
  input: { op: TaskOperation; instanceExternalId: string; externalTaskId: string } & TaskOperationBody,
): Promise<PushResult> {
  const ids = { instanceExternalId: input.instanceExternalId, externalTaskId: input.externalTaskId };
  return db.transaction(async (tx) => {
    const [instance] = await tx
      .select()
      .from(processInstances)
      .where(
        and(
          eq(processInstances.connectorId, connectorId),
          eq(processInstances.externalId, input.instanceExternalId),
        ),
      );
    if (!instance) return { ok: false, outcome: 'not_found', ...ids };
    const [task] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.instanceId, instance.id), eq(tasks.externalTaskId, input.externalTaskId)));
    if (!task) return { ok: false, outcome: 'not_found', ...ids };

    const updatedAt = new Date(input.updatedAt);
    const applied = await applySnapshot(tx, {
      connectorId,
      source: 'api',
      snapshot: {
        externalId: instance.externalId,
        processCode: instance.processCode,
        processName: instance.processName,
        title: instance.title,
        originator: instance.originatorExternalId
          ? { externalUserId: instance.originatorExternalId, name: instance.originatorName }
          : null,
        status: instance.status,
        result: instance.result,
        formValues: instance.formValues,
        summary: instance.summary,
        pcUrl: instance.pcUrl,
        mobileUrl: instance.mobileUrl,
        createdAt: instance.sourceCreatedAt,
        finishedAt: instance.sourceFinishedAt,
        sourceUpdatedAt: updatedAt,
        taskScope: 'partial',
        tasks: [
          {
            externalTaskId: task.externalTaskId,
            kind: task.kind,
            assigneeExternalId: task.assigneeExternalId,
            status: STATUS[input.op],
            result: input.op === 'complete' ? (input.result ?? 'none') : task.result,
            nodeName: task.nodeName,
            receivedAt: task.receivedAt,
            finishedAt: input.finishedAt ?? updatedAt,
            dueAt: task.dueAt,
            pcUrl: task.pcUrl,
            mobileUrl: task.mobileUrl,
          },
        ],
      },
    });
    return { ok: true, outcome: applied.tasksWritten > 0 ? 'updated' : 'stale', ...ids };
  });
}
