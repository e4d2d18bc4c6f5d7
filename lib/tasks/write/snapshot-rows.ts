import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  attachments,
  identities,
  type ProcessInstance,
  type processInstances,
  processLogs,
  tasks,
} from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { sendJob } from '@/lib/jobs/send-job';
import type { ParsedSnapshot, SnapshotLog, SnapshotTask } from '@/lib/tasks/snapshot';

/**
 * The rows a snapshot becomes and the rules that merge them with what is stored, shared by applySnapshot()
 * (one instance) and applySnapshots() (a batch, set-based): both write the same rows by the same rules.
 */

type UserOf = (externalId: string | null | undefined) => string | null;

/** The instance row a snapshot says, before the stored row's known values are kept (keepKnown). */
export function instanceValues(
  connectorId: string,
  source: ConnectorKind,
  s: ParsedSnapshot,
  userOf: UserOf,
) {
  return {
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
}
export type InstanceRow = ReturnType<typeof instanceValues>;

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
export type KnownColumns = Pick<ProcessInstance, KeptColumn | 'originatorUserId'>;

/** The stored columns keepKnown() needs, for a SELECT. */
export function knownColumns(table: typeof processInstances) {
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
export function keepKnown(values: InstanceRow, stored: KnownColumns): InstanceRow {
  const merged = { ...values };
  for (const column of KEPT_WHEN_UNKNOWN) {
    if (isUnknown(values[column]) && !isUnknown(stored[column]))
      Object.assign(merged, { [column]: stored[column] });
  }
  // No originator in the snapshot at all: the linked user stays with the originator it belongs to.
  if (!values.originatorExternalId) merged.originatorUserId = stored.originatorUserId;
  return merged;
}

/**
 * The task list a write applies: a stale full snapshot says nothing new; a stale partial one may still carry a
 * newer single task (each task row is monotonic on its own).
 */
export function tasksToWrite(s: ParsedSnapshot, isStale: boolean): SnapshotTask[] {
  return isStale && s.taskScope === 'full' ? [] : s.tasks;
}

/**
 * Only what the instance itself says: a name looked up in the directory would make a replay of the log write
 * different text than the first pass did (the originator filter matches directory names by join instead).
 */
export function searchTextOf(s: ParsedSnapshot, known: InstanceRow): string {
  return [s.title, known.processName, known.originatorName, known.summary].filter(Boolean).join(' ');
}

export function taskRow(
  ids: { instanceId: string; connectorId: string; source: ConnectorKind },
  s: ParsedSnapshot,
  known: InstanceRow,
  t: SnapshotTask,
  userOf: UserOf,
  slaDueAt: Date | null = null,
) {
  return {
    ...ids,
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
    searchText: searchTextOf(s, known),
    sourceUpdatedAt: s.sourceUpdatedAt,
  };
}

/**
 * How a task row meets the stored one: the newer view wins column by column, except what a snapshot does not
 * know (null) keeps the stored value; and never with an older view of the task (per-task monotonicity).
 */
/**
 * The SLA due time of a task the source gave none (docs/sla.md): the step's or the process's rule from the task's
 * arrival, on the business calendar. Only approval items fall due.
 */
export async function slaDueAtOf(
  t: SnapshotTask,
  dueDateOf: (receivedAt: Date, stepRule: SnapshotTask['sla']) => Promise<Date | null>,
): Promise<Date | null> {
  return !t.dueAt && t.kind === 'approval' ? dueDateOf(t.receivedAt, t.sla) : null;
}

export function taskConflict() {
  return {
    target: [tasks.instanceId, tasks.externalTaskId],
    set: {
      source: sql`excluded.source`,
      assigneeUserId: sql`excluded.assignee_user_id`,
      assigneeExternalId: sql`excluded.assignee_external_id`,
      status: sql`excluded.status`,
      result: sql`excluded.result`,
      title: sql`excluded.title`,
      receivedAt: sql`excluded.received_at`,
      finishedAt: sql`excluded.finished_at`,
      searchText: sql`excluded.search_text`,
      sourceUpdatedAt: sql`excluded.source_updated_at`,
      // A snapshot that does not name the task's node keeps the name stored (e.g. from the event's activityName).
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
    setWhere: sql`${tasks.sourceUpdatedAt} <= excluded.source_updated_at`,
  };
}

export function logRow(instanceId: string, log: SnapshotLog, position: number, userOf: UserOf) {
  return {
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
  };
}

/**
 * How a log row meets the stored one. A step is immutable at its source; a later view only fills in what an
 * earlier one lacked. Only a complete log knows each step's place; a push about one step does not.
 */
export function logConflict(taskScope: ParsedSnapshot['taskScope']) {
  return {
    target: [processLogs.instanceId, processLogs.externalRecordId],
    set: {
      actorUserId: sql`excluded.actor_user_id`,
      actorName: sql`coalesce(excluded.actor_name, ${processLogs.actorName})`,
      result: sql`coalesce(excluded.result, ${processLogs.result})`,
      remark: sql`coalesce(excluded.remark, ${processLogs.remark})`,
      nodeName: sql`coalesce(excluded.node_name, ${processLogs.nodeName})`,
      targets: sql`case when jsonb_array_length(excluded.targets) > 0 then excluded.targets else ${processLogs.targets} end`,
      ...(taskScope === 'full' ? { position: sql`excluded.position` } : {}),
    },
  };
}

export type AttachmentRow = {
  instanceId: string;
  logId: string | null;
  externalFileId: string;
  fileName: string;
  fileSize: number | null;
  fileType: string | null;
};

export function attachmentRows(
  instanceId: string,
  logId: string | null,
  files: ParsedSnapshot['attachments'],
): AttachmentRow[] {
  return files.map((f) => ({
    instanceId,
    logId,
    externalFileId: f.externalFileId,
    fileName: f.fileName,
    fileSize: f.fileSize ?? null,
    fileType: f.fileType ?? null,
  }));
}

/**
 * Inserts attachments not seen before and returns the new ones (their bytes still have to be copied). A file
 * Huiban wrote to the source itself (a comment's file, `source_file_id`) is not new when the source shows it back:
 * it is already stored, with the comment Huiban recorded, so its echo adds neither a row nor a copy.
 */
export async function insertAttachments(
  tx: Tx,
  rows: AttachmentRow[],
): Promise<{ id: string; instanceId: string }[]> {
  if (rows.length === 0) return [];
  const written = await tx
    .select({ instanceId: attachments.instanceId, sourceFileId: attachments.sourceFileId })
    .from(attachments)
    .where(
      and(
        inArray(attachments.instanceId, [...new Set(rows.map((r) => r.instanceId))]),
        inArray(attachments.sourceFileId, [...new Set(rows.map((r) => r.externalFileId))]),
      ),
    );
  const echoed = new Set(written.map((w) => `${w.instanceId}\u0000${w.sourceFileId}`));
  const fresh = rows.filter((r) => !echoed.has(`${r.instanceId}\u0000${r.externalFileId}`));
  if (fresh.length === 0) return [];
  return tx
    .insert(attachments)
    .values(fresh)
    .onConflictDoNothing({ target: [attachments.instanceId, attachments.externalFileId] })
    .returning({ id: attachments.id, instanceId: attachments.instanceId });
}

/** Follow-up work, enqueued in the writing transaction: copy new attachments, resolve new identities. */
export async function enqueueFollowUps(
  tx: Tx,
  attachmentIds: string[],
  identityIds: string[],
): Promise<void> {
  for (const attachmentId of attachmentIds) {
    await sendJob(tx, 'copy-attachment', { attachmentId }, { singletonKey: attachmentId });
  }
  for (const identityId of identityIds) {
    await sendJob(tx, 'resolve-identity', { identityId }, { singletonKey: identityId });
  }
}

/**
 * Every source user the snapshots mention gets an identity row (unmapped ones too: their tasks are kept and
 * show up as soon as someone maps them); the first snapshot to name a user gives it its name. Returns
 * externalId → Huiban user id, and the identities created now.
 */
export async function ensureIdentities(
  tx: Tx,
  connectorId: string,
  snapshots: ParsedSnapshot[],
): Promise<{ map: Map<string, string | null>; created: string[]; createdExternalIds: Set<string> }> {
  const names = new Map<string, string | null>();
  for (const s of snapshots) {
    // The first snapshot to name someone creates the identity (as applying one by one would), with its name.
    for (const [id, name] of peopleNamed(s)) if (!names.has(id)) names.set(id, name);
  }
  if (names.size === 0) return { map: new Map(), created: [], createdExternalIds: new Set() };

  const created = await tx
    .insert(identities)
    .values([...names].map(([externalUserId, name]) => ({ connectorId, externalUserId, name })))
    .onConflictDoNothing({ target: [identities.connectorId, identities.externalUserId] })
    .returning({ id: identities.id, externalUserId: identities.externalUserId });
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
    createdExternalIds: new Set(created.map((c) => c.externalUserId)),
  };
}

/** The source users a snapshot names, in the order it names them, each with the first name given for it. */
export function peopleNamed(s: ParsedSnapshot): Map<string, string | null> {
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
  return names;
}

export function userLookup(map: Map<string, string | null>): UserOf {
  return (externalId) => (externalId ? (map.get(externalId) ?? null) : null);
}
