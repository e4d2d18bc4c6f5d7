import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import {
  attachments,
  identities,
  type ProcessInstance,
  processInstances,
  processLogs,
  tasks,
} from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { sendJob } from '@/lib/jobs/send-job';
import { createDueDateResolver } from '@/lib/sla/compute-due-at';
import { withDomainEvents } from '@/lib/tasks/domain-events';
import { runInstanceAppliedHooks } from '@/lib/tasks/instance-applied-hooks';
import { type InstanceSnapshot, instanceSnapshotSchema, type ParsedSnapshot } from '@/lib/tasks/snapshot';
import { confirmTaskActions } from './confirm-task-actions';

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
  const people = await ensureIdentities(tx, connectorId, s);
  const userOf = (externalId: string | null | undefined) =>
    externalId ? (people.map.get(externalId) ?? null) : null;

  const values = {
    source,
    connectorId,
    externalId: s.externalId,
    processCode: s.processCode ?? null,
    processName: s.processName ?? null,
    title: s.title,
    originatorUserId: userOf(s.originator?.externalUserId),
    originatorExternalId: s.originator?.externalUserId ?? null,
    originatorName: s.originator?.name ?? null,
    status: s.status,
    result: s.result ?? null,
    formValues: s.formValues,
    summary: s.summary ?? null,
    pcUrl: s.pcUrl ?? null,
    mobileUrl: s.mobileUrl ?? null,
    sourceCreatedAt: s.createdAt,
    sourceFinishedAt: s.finishedAt ?? null,
    sourceUpdatedAt: s.sourceUpdatedAt,
  };
  // The row lock serialises concurrent applies of one instance (two workers, two events). NO KEY UPDATE, not
  // UPDATE: a user acting at the same moment inserts a task_actions row whose foreign key takes KEY SHARE on
  // this instance while holding its task row; FOR UPDATE would block that and deadlock with our task writes.
  const [existing] = await tx
    .select({
      id: processInstances.id,
      sourceUpdatedAt: processInstances.sourceUpdatedAt,
      ...pickKnown(processInstances),
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
    await runInstanceAppliedHooks(tx, {
      connectorId,
      source,
      externalId: s.externalId,
      status: s.status,
      result: s.result ?? null,
    });
  // A stale full snapshot says nothing new; a stale partial one may still carry a newer single task.
  const taskRows = isStale && s.taskScope === 'full' ? [] : s.tasks;
  let tasksWritten = 0;
  // Only what the instance itself says: a name looked up in the directory would make a replay of the log write
  // different text than the first pass did (the originator filter matches directory names by join instead).
  const searchText = [s.title, known.processName, known.originatorName, known.summary]
    .filter(Boolean)
    .join(' ');
  // Due dates (docs/sla.md): a due time the source sent wins; otherwise the step's or the process's SLA, counted
  // in working time from the task's arrival on the business calendar. Only approval items fall due.
  const dueDateOf = createDueDateResolver(tx, { connectorId, processCode: known.processCode ?? null });
  for (const t of taskRows) {
    const slaDueAt = !t.dueAt && t.kind === 'approval' ? await dueDateOf(t.receivedAt, t.sla) : null;
    const row = {
      instanceId,
      connectorId,
      source,
      externalTaskId: t.externalTaskId,
      kind: t.kind,
      assigneeUserId: userOf(t.assigneeExternalId),
      assigneeExternalId: t.assigneeExternalId,
      status: t.status,
      result: t.result ?? null,
      title: s.title,
      nodeName: t.nodeName ?? null,
      nodeMode: t.nodeMode ?? null,
      receivedAt: t.receivedAt,
      finishedAt: t.finishedAt ?? null,
      dueAt: t.dueAt ?? slaDueAt,
      dueSource: t.dueAt ? ('source' as const) : slaDueAt ? ('sla' as const) : null,
      stepSla: t.sla ?? null,
      pcUrl: t.pcUrl ?? known.pcUrl ?? null,
      mobileUrl: t.mobileUrl ?? known.mobileUrl ?? null,
      searchText,
      sourceUpdatedAt: s.sourceUpdatedAt,
    };
    const { instanceId: _i, connectorId: _c, externalTaskId: _e, kind: _k, ...rest } = row;
    // A snapshot that does not name the task's node keeps the name stored (e.g. from the event's activityName).
    const changes = { ...rest, nodeName: sql`coalesce(excluded.node_name, ${tasks.nodeName})` };
    const written = await tx
      .insert(tasks)
      .values(row)
      .onConflictDoUpdate({
        target: [tasks.instanceId, tasks.externalTaskId],
        set: {
          ...changes,
          // A snapshot that does not know these (null) keeps the stored value.
          nodeName: sql`coalesce(excluded.node_name, ${tasks.nodeName})`,
          nodeMode: sql`coalesce(excluded.node_mode, ${tasks.nodeMode})`,
          // A due time the source sent (now or before) wins; an SLA one follows the latest computation; a snapshot
          // that knows none keeps the stored one.
          dueAt: sql`case when excluded.due_source = 'source' then excluded.due_at
            when ${tasks.dueSource} = 'source' then ${tasks.dueAt}
            else coalesce(excluded.due_at, ${tasks.dueAt}) end`,
          dueSource: sql`case when excluded.due_source = 'source' or ${tasks.dueSource} = 'source' then 'source'::task_due_source
            else coalesce(excluded.due_source, ${tasks.dueSource}) end`,
          stepSla: sql`coalesce(excluded.step_sla, ${tasks.stepSla})`,
          pcUrl: sql`coalesce(excluded.pc_url, ${tasks.pcUrl})`,
          mobileUrl: sql`coalesce(excluded.mobile_url, ${tasks.mobileUrl})`,
        },
        // Per-task monotonicity: never overwrite a task with an older view of it.
        setWhere: sql`${tasks.sourceUpdatedAt} <= ${s.sourceUpdatedAt.toISOString()}::timestamptz`,
      })
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
      .values({
        instanceId,
        externalRecordId: log.externalRecordId,
        actorUserId: userOf(log.actorExternalId),
        actorExternalId: log.actorExternalId ?? null,
        actorName: log.actorName ?? null,
        action: log.action,
        result: log.result ?? null,
        remark: log.remark ?? null,
        nodeName: log.nodeName ?? null,
        targets: log.targets,
        position,
        occurredAt: log.occurredAt,
      })
      .onConflictDoUpdate({
        target: [processLogs.instanceId, processLogs.externalRecordId],
        // A step is immutable at its source; a later view only fills in what an earlier one lacked.
        set: {
          actorUserId: userOf(log.actorExternalId),
          actorName: sql`coalesce(excluded.actor_name, ${processLogs.actorName})`,
          result: sql`coalesce(excluded.result, ${processLogs.result})`,
          remark: sql`coalesce(excluded.remark, ${processLogs.remark})`,
          nodeName: sql`coalesce(excluded.node_name, ${processLogs.nodeName})`,
          targets: sql`case when jsonb_array_length(excluded.targets) > 0 then excluded.targets else ${processLogs.targets} end`,
          // Only a complete log knows each step's place; a push about one step does not.
          ...(s.taskScope === 'full' ? { position } : {}),
        },
      })
      .returning({ id: processLogs.id, isNew: sql<boolean>`xmax = 0` });
    if (!written) continue;
    if (written.isNew) logsWritten += 1;
    newAttachmentIds.push(...(await insertAttachments(tx, instanceId, written.id, log.attachments)));
  }
  newAttachmentIds.push(...(await insertAttachments(tx, instanceId, null, s.attachments)));

  for (const attachmentId of newAttachmentIds) {
    await sendJob(tx, 'copy-attachment', { attachmentId }, { singletonKey: attachmentId });
  }
  for (const identityId of people.created) {
    await sendJob(tx, 'resolve-identity', { identityId }, { singletonKey: identityId });
  }
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

/**
 * The instance columns a snapshot may not know. DingTalk's instance detail carries no process code, a Yida push
 * no form, a re-read after a comment no name: null, blank or an empty form there means "unknown", and the stored
 * value stays. Status, result and times are always known to a snapshot and always applied.
 */
const KEPT_WHEN_UNKNOWN = [
  'processCode',
  'processName',
  'originatorExternalId',
  'originatorName',
  'summary',
  'pcUrl',
  'mobileUrl',
  'formValues',
] as const;
type KeptColumn = (typeof KEPT_WHEN_UNKNOWN)[number];
type InstanceValues = typeof processInstances.$inferInsert & Pick<ProcessInstance, KeptColumn>;

function pickKnown(table: typeof processInstances) {
  return {
    processCode: table.processCode,
    processName: table.processName,
    originatorUserId: table.originatorUserId,
    originatorExternalId: table.originatorExternalId,
    originatorName: table.originatorName,
    summary: table.summary,
    pcUrl: table.pcUrl,
    mobileUrl: table.mobileUrl,
    formValues: table.formValues,
  };
}

function isUnknown(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/** The snapshot's values, with every column it does not know taken from the stored row. */
function keepKnown<T extends InstanceValues>(
  values: T,
  stored: Pick<ProcessInstance, KeptColumn | 'originatorUserId'>,
): T {
  const merged = { ...values };
  for (const column of KEPT_WHEN_UNKNOWN) {
    if (isUnknown(values[column]) && !isUnknown(stored[column]))
      Object.assign(merged, { [column]: stored[column] });
  }
  // No originator in the snapshot at all: the linked user stays with the originator it belongs to.
  if (!values.originatorExternalId) merged.originatorUserId = stored.originatorUserId;
  return merged;
}

/** Inserts attachments not seen before and returns the new ids (their bytes still have to be copied). */
async function insertAttachments(
  tx: Tx,
  instanceId: string,
  logId: string | null,
  files: ParsedSnapshot['attachments'],
): Promise<string[]> {
  if (files.length === 0) return [];
  const inserted = await tx
    .insert(attachments)
    .values(
      files.map((f) => ({
        instanceId,
        logId,
        externalFileId: f.externalFileId,
        fileName: f.fileName,
        fileSize: f.fileSize ?? null,
        fileType: f.fileType ?? null,
      })),
    )
    .onConflictDoNothing({ target: [attachments.instanceId, attachments.externalFileId] })
    .returning({ id: attachments.id });
  return inserted.map((a) => a.id);
}

/**
 * Every source user the snapshot mentions gets an identity row (unmapped ones too: their tasks are kept and
 * show up as soon as someone maps them). Returns externalId → Huiban user id, and the identities created now.
 */
async function ensureIdentities(
  tx: Tx,
  connectorId: string,
  s: ParsedSnapshot,
): Promise<{ map: Map<string, string | null>; created: string[] }> {
  const names = new Map<string, string | null>();
  const note = (id: string | null | undefined, name: string | null | undefined) => {
    if (id && (!names.has(id) || (name && !names.get(id)))) names.set(id, name ?? null);
  };
  note(s.originator?.externalUserId, s.originator?.name);
  for (const t of s.tasks) note(t.assigneeExternalId, t.assigneeName);
  for (const l of s.logs) {
    note(l.actorExternalId, l.actorName);
    for (const target of l.targets) note(target.externalUserId, target.name);
  }
  if (names.size === 0) return { map: new Map(), created: [] };

  const created = await tx
    .insert(identities)
    .values([...names].map(([externalUserId, name]) => ({ connectorId, externalUserId, name })))
    .onConflictDoNothing({ target: [identities.connectorId, identities.externalUserId] })
    .returning({ id: identities.id });
  const rows = await tx
    .select({ externalUserId: identities.externalUserId, userId: identities.userId })
    .from(identities)
    .where(
      and(eq(identities.connectorId, connectorId), inArray(identities.externalUserId, [...names.keys()])),
    )
    // A share lock makes linkIdentityToUser() wait for this transaction: its re-pointing of tasks then sees
    // the tasks written here, and a link committed first is seen here. Without it, a task written while its
    // identity is being linked could keep a null assignee.
    .for('share');
  return {
    map: new Map(rows.map((r) => [r.externalUserId, r.userId])),
    created: created.map((c) => c.id),
  };
}
