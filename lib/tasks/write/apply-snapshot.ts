import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { processInstances, processLogs, tasks } from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { createDueDateResolver } from '@/lib/sla/compute-due-at';
import { withDomainEvents } from '@/lib/tasks/domain-events';
import { runInstanceAppliedHooks } from '@/lib/tasks/instance-applied-hooks';
import { type InstanceSnapshot, instanceSnapshotSchema, type ParsedSnapshot } from '@/lib/tasks/snapshot';
import { confirmTaskActions } from './confirm-task-actions';
import { linkSameApproval } from './link-same-approval';
import {
  attachmentRows,
  enqueueFollowUps,
  ensureIdentities,
  insertAttachments,
  instanceValues,
  keepKnown,
  knownColumns,
  logConflict,
  logRow,
  slaDueAtOf,
  taskConflict,
  taskRow,
  tasksToWrite,
  userLookup,
} from './snapshot-rows';

export type ApplySnapshotInput = {
  connectorId: string;
  source: ConnectorKind;
  snapshot: InstanceSnapshot;
};

export type ApplySnapshotResult = {
  instanceId: string;
  /** `stale`: the stored instance is newer; nothing of the instance or its full task list was changed. */
  outcome: 'created' | 'updated' | 'stale';
  tasksWritten: number;
  tasksWithdrawn: number;
  logsWritten: number;
  attachmentsQueued: number;
  identitiesCreated: number;
};

/**
 * THE write path into process_instances, tasks, process_logs and attachments (invariant 4), for every source.
 * Idempotent (upserts on the unique keys) and monotonic: a snapshot older than what is stored changes nothing,
 * and each task row keeps the newest version it has seen. Follow-up work (copying attachments, resolving new
 * identities) is enqueued in the same transaction.
 */
export async function applySnapshot(db: Db | Tx, input: ApplySnapshotInput): Promise<ApplySnapshotResult> {
  const snapshot = instanceSnapshotSchema.parse(input.snapshot);
  return db.transaction((tx) =>
    // Normalized events for subscribers, for what this write changed, in this transaction (the outbox).
    withDomainEvents(tx, { connectorId: input.connectorId, externalId: snapshot.externalId }, () =>
      applyParsed(tx, input.connectorId, input.source, snapshot),
    ),
  );
}

async function applyParsed(
  tx: Tx,
  connectorId: string,
  source: ApplySnapshotInput['source'],
  s: ParsedSnapshot,
): Promise<ApplySnapshotResult> {
  const people = await ensureIdentities(tx, connectorId, [s]);
  const userOf = userLookup(people.map);

  const values = instanceValues(connectorId, source, s, userOf);
  // The row lock serialises concurrent applies of one instance (two workers, two events). NO KEY UPDATE, not
  // UPDATE: a user acting at the same moment inserts a task_actions row whose foreign key takes KEY SHARE on
  // this instance while holding its task row; FOR UPDATE would block that and deadlock with our task writes.
  const [existing] = await tx
    .select({
      id: processInstances.id,
      sourceUpdatedAt: processInstances.sourceUpdatedAt,
      ...knownColumns(processInstances),
    })
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, s.externalId)))
    .for('no key update');

  let instanceId: string;
  let outcome: ApplySnapshotResult['outcome'];
  // What the instance is known to be after this write: this snapshot, with what it does not know kept.
  let known = values;
  if (!existing) {
    const [inserted] = await tx
      .insert(processInstances)
      .values(values)
      .onConflictDoNothing({ target: [processInstances.connectorId, processInstances.externalId] })
      .returning({ id: processInstances.id });
    if (!inserted) {
      // Another transaction created it between our SELECT and INSERT: start over, now it exists.
      return applyParsed(tx, connectorId, source, s);
    }
    instanceId = inserted.id;
    outcome = 'created';
  } else if (existing.sourceUpdatedAt > s.sourceUpdatedAt) {
    instanceId = existing.id;
    outcome = 'stale';
    known = keepKnown(values, existing);
  } else {
    instanceId = existing.id;
    outcome = 'updated';
    known = keepKnown(values, existing);
    await tx.update(processInstances).set(known).where(eq(processInstances.id, instanceId));
  }

  const isStale = outcome === 'stale';
  // Connectors that follow other instances (a local step waiting on a DingTalk approval) hear of it here.
  if (!isStale)
    await runInstanceAppliedHooks(tx, [
      {
        connectorId,
        source,
        externalId: s.externalId,
        status: s.status,
        result: s.result ?? null,
      },
    ]);
  // One task for one approval: the keys naming this approval, and the link to its other copies.
  if (!isStale)
    await linkSameApproval(tx, {
      instanceId,
      connectorId,
      processCode: known.processCode ?? known.processName ?? null,
      formValues: known.formValues ?? s.formValues,
      keys: s.sameApproval,
    });
  let tasksWritten = 0;
  const ids = { instanceId, connectorId, source };
  // Due dates (docs/sla.md): a due time the source sent wins; otherwise the step's or the process's SLA, counted
  // in working time from the task's arrival on the business calendar.
  const dueDateOf = createDueDateResolver(tx, { connectorId, processCode: known.processCode ?? null });
  for (const t of tasksToWrite(s, isStale)) {
    const written = await tx
      .insert(tasks)
      .values(taskRow(ids, s, known, t, userOf, await slaDueAtOf(t, dueDateOf)))
      .onConflictDoUpdate(taskConflict())
      .returning({ id: tasks.id });
    tasksWritten += written.length;
  }

  let tasksWithdrawn = 0;
  if (s.taskScope === 'full' && !isStale) {
    // Pending items the source no longer lists were withdrawn (e.g. the other approvers of an 或签 node).
    const listed = s.tasks.map((t) => t.externalTaskId);
    const withdrawn = await tx
      .update(tasks)
      .set({ status: 'cancelled', finishedAt: s.sourceUpdatedAt, sourceUpdatedAt: s.sourceUpdatedAt })
      .where(
        and(
          eq(tasks.instanceId, instanceId),
          eq(tasks.status, 'pending'),
          listed.length ? notInArray(tasks.externalTaskId, listed) : undefined,
          sql`${tasks.sourceUpdatedAt} <= ${s.sourceUpdatedAt.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: tasks.id });
    tasksWithdrawn = withdrawn.length;
  }

  if (s.status === 'deleted' && !isStale) {
    // An instance deleted at the source takes every item with it (Yida's delete push names no task).
    const deleted = await tx
      .update(tasks)
      .set({ status: 'deleted', sourceUpdatedAt: s.sourceUpdatedAt })
      .where(
        and(
          eq(tasks.instanceId, instanceId),
          sql`${tasks.status} <> 'deleted'`,
          sql`${tasks.sourceUpdatedAt} <= ${s.sourceUpdatedAt.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: tasks.id });
    tasksWithdrawn += deleted.length;
  }

  let logsWritten = 0;
  const newAttachmentIds: string[] = [];
  for (const [position, log] of s.logs.entries()) {
    const [written] = await tx
      .insert(processLogs)
      .values(logRow(instanceId, log, position, userOf))
      .onConflictDoUpdate(logConflict(s.taskScope))
      .returning({ id: processLogs.id, isNew: sql<boolean>`xmax = 0` });
    if (!written) continue;
    if (written.isNew) logsWritten += 1;
    const logFiles = await insertAttachments(tx, attachmentRows(instanceId, written.id, log.attachments));
    newAttachmentIds.push(...logFiles.map((f) => f.id));
  }
  const files = await insertAttachments(tx, attachmentRows(instanceId, null, s.attachments));
  newAttachmentIds.push(...files.map((f) => f.id));
  await enqueueFollowUps(tx, newAttachmentIds, people.created);
  await confirmTaskActions(tx, instanceId);

  return {
    instanceId,
    outcome,
    tasksWritten,
    tasksWithdrawn,
    logsWritten,
    attachmentsQueued: newAttachmentIds.length,
    identitiesCreated: people.created.length,
  };
}
