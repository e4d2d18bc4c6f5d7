import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { attachments, processInstances, processLogs, taskActions, tasks } from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { loadActiveSubscriptions } from '@/lib/distribution/outbox/enqueue-deliveries';
import { isNormalizedEventType } from '@/lib/distribution/outbox/event-types';
import { sendJob } from '@/lib/jobs/send-job';
import { runInstanceAppliedHooks } from '@/lib/tasks/instance-applied-hooks';
import { type InstanceSnapshot, instanceSnapshotSchema, type ParsedSnapshot } from '@/lib/tasks/snapshot';
import { type ApplySnapshotResult, applySnapshot } from './apply-snapshot';
import { confirmTaskActions } from './confirm-task-actions';
import { ensureIdentities, instanceValuesOf, taskRowOf } from './snapshot-rows';

export type ApplySnapshotBatchInput = {
  connectorId: string;
  source: ConnectorKind;
  snapshots: InstanceSnapshot[];
};
export type BatchApplyResult = Pick<ApplySnapshotResult, 'instanceId' | 'outcome'>;

/** Task rows per INSERT: 18 parameters each, under PostgreSQL's 65 535. */
const TASK_ROWS_PER_STATEMENT = 3_000;

/**
 * applySnapshot() for many instances of one connector at once, set-based: one statement per table for the
 * whole set (identities, instances, tasks, withdrawals, deletions, logs, attachments) instead of a dozen per
 * instance, in the caller's transaction. The rules are applySnapshot()'s, from the same row builders
 * (snapshot-rows.ts): an instance is written only when the snapshot is not older than what is stored (else
 * `stale`, and a stale full snapshot touches none of its tasks), each task row keeps the newest version it has
 * seen, and a replay rewrites the same values (no change). Results come back in input order.
 *
 * Falls back to applySnapshot() per instance where a set cannot hold the rules: when subscribers wait for
 * normalized events (the outbox diffs each instance before and after), and for a second snapshot of an
 * instance already in the set (it must apply after the first).
 */
export async function applySnapshotBatch(
  tx: Tx,
  input: ApplySnapshotBatchInput,
): Promise<BatchApplyResult[]> {
  const parsed = input.snapshots.map((s) => instanceSnapshotSchema.parse(s));
  const subscriptions = await loadActiveSubscriptions(tx);
  if (subscriptions.some((s) => s.eventTypes.some(isNormalizedEventType))) {
    const results: BatchApplyResult[] = [];
    for (const snapshot of input.snapshots)
      results.push(
        await applySnapshot(tx, { connectorId: input.connectorId, source: input.source, snapshot }),
      );
    return results;
  }
  const seen = new Set<string>();
  const first: number[] = [];
  const later: number[] = [];
  parsed.forEach((s, i) => {
    if (seen.has(s.externalId)) later.push(i);
    else {
      seen.add(s.externalId);
      first.push(i);
    }
  });
  const results: BatchApplyResult[] = new Array(parsed.length);
  const applied = await applySet(
    tx,
    input.connectorId,
    input.source,
    first.map((i) => parsed[i] as ParsedSnapshot),
  );
  first.forEach((i, k) => {
    results[i] = applied[k] as BatchApplyResult;
  });
  for (const i of later) {
    results[i] = await applySnapshot(tx, {
      connectorId: input.connectorId,
      source: input.source,
      snapshot: input.snapshots[i] as InstanceSnapshot,
    });
  }
  return results;
}

/** Distinct instances: one statement per table. */
async function applySet(
  tx: Tx,
  connectorId: string,
  source: ConnectorKind,
  set: ParsedSnapshot[],
): Promise<BatchApplyResult[]> {
  if (set.length === 0) return [];
  const people = await ensureIdentities(tx, connectorId, set);
  const userOf = (externalId: string | null | undefined) =>
    externalId ? (people.map.get(externalId) ?? null) : null;

  // Instances: insert, or update unless stored newer. Rows in external-id order, so two batches lock alike.
  const order = set
    .map((_, i) => i)
    .sort((a, b) => ((set[a]?.externalId ?? '') < (set[b]?.externalId ?? '') ? -1 : 1));
  const rows = order.map((i) => instanceValuesOf(connectorId, source, set[i] as ParsedSnapshot, userOf));
  const { source: _s, connectorId: _c, externalId: _e, ...updatable } = rows[0] as (typeof rows)[number];
  const written = await tx
    .insert(processInstances)
    .values(rows)
    .onConflictDoUpdate({
      target: [processInstances.connectorId, processInstances.externalId],
      set: {
        ...Object.fromEntries(
          Object.keys(updatable).map((key) => {
            const column = processInstances[key as keyof typeof updatable];
            return [key, sql.raw(`excluded.${column.name}`)];
          }),
        ),
        updatedAt: sql`now()`,
      },
      // Monotonic: an older snapshot never overwrites a newer one (equal times rewrite the same values).
      setWhere: sql`${processInstances.sourceUpdatedAt} <= excluded.source_updated_at`,
    })
    .returning({
      id: processInstances.id,
      externalId: processInstances.externalId,
      isNew: sql<boolean>`xmax = 0`,
    });
  const byExternalId = new Map(written.map((w) => [w.externalId, w]));
  // Not returned: the stored instance is newer (stale). Its id is read without changing it.
  const staleIds = set.filter((s) => !byExternalId.has(s.externalId)).map((s) => s.externalId);
  const staleRows = staleIds.length
    ? await tx
        .select({ id: processInstances.id, externalId: processInstances.externalId })
        .from(processInstances)
        .where(
          and(eq(processInstances.connectorId, connectorId), inArray(processInstances.externalId, staleIds)),
        )
    : [];
  const staleById = new Map(staleRows.map((r) => [r.externalId, r.id]));
  const results: BatchApplyResult[] = set.map((s) => {
    const w = byExternalId.get(s.externalId);
    if (w) return { instanceId: w.id, outcome: w.isNew ? 'created' : 'updated' };
    return { instanceId: staleById.get(s.externalId) as string, outcome: 'stale' };
  });

  for (const [i, s] of set.entries()) {
    const r = results[i] as BatchApplyResult;
    if (r.outcome !== 'stale')
      await runInstanceAppliedHooks(tx, {
        connectorId,
        source,
        externalId: s.externalId,
        status: s.status,
        result: s.result ?? null,
      });
  }

  // Tasks: one upsert; per-task monotonicity as in applySnapshot().
  const taskRows = set.flatMap((s, i) => {
    const r = results[i] as BatchApplyResult;
    if (r.outcome === 'stale' && s.taskScope === 'full') return [];
    return s.tasks.map((t) => taskRowOf({ instanceId: r.instanceId, connectorId, source }, s, t, userOf));
  });
  for (let at = 0; at < taskRows.length; at += TASK_ROWS_PER_STATEMENT) {
    const chunk = taskRows.slice(at, at + TASK_ROWS_PER_STATEMENT);
    const {
      instanceId: _i,
      connectorId: _tc,
      externalTaskId: _te,
      kind: _k,
      ...changes
    } = chunk[0] as (typeof chunk)[number];
    await tx
      .insert(tasks)
      .values(chunk)
      .onConflictDoUpdate({
        target: [tasks.instanceId, tasks.externalTaskId],
        set: Object.fromEntries(
          Object.keys(changes).map((key) => [
            key,
            sql.raw(`excluded.${tasks[key as keyof typeof changes].name}`),
          ]),
        ),
        setWhere: sql`${tasks.sourceUpdatedAt} <= excluded.source_updated_at`,
      });
  }

  // Withdrawn: pending items a full, non-stale snapshot no longer lists.
  const withdrawals = set.flatMap((s, i) => {
    const r = results[i] as BatchApplyResult;
    if (s.taskScope !== 'full' || r.outcome === 'stale') return [];
    return [
      { id: r.instanceId, at: s.sourceUpdatedAt.toISOString(), listed: s.tasks.map((t) => t.externalTaskId) },
    ];
  });
  if (withdrawals.length > 0)
    await tx.execute(sql`
      UPDATE tasks t SET status = 'cancelled', finished_at = x.at, source_updated_at = x.at, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(withdrawals)}::jsonb) AS x (id uuid, at timestamptz, listed jsonb)
      WHERE t.instance_id = x.id AND t.status = 'pending' AND NOT (x.listed ? t.external_task_id)
        AND t.source_updated_at <= x.at`);

  // Deleted at the source: every item goes with the instance.
  const deletions = set.flatMap((s, i) => {
    const r = results[i] as BatchApplyResult;
    if (s.status !== 'deleted' || r.outcome === 'stale') return [];
    return [{ id: r.instanceId, at: s.sourceUpdatedAt.toISOString() }];
  });
  if (deletions.length > 0)
    await tx.execute(sql`
      UPDATE tasks t SET status = 'deleted', source_updated_at = x.at, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(deletions)}::jsonb) AS x (id uuid, at timestamptz)
      WHERE t.instance_id = x.id AND t.status <> 'deleted' AND t.source_updated_at <= x.at`);

  // Logs: one upsert; then the attachments of every log and instance in one insert.
  const logRows = set.flatMap((s, i) =>
    s.logs.map((log) => ({
      instanceId: (results[i] as BatchApplyResult).instanceId,
      externalRecordId: log.externalRecordId,
      actorUserId: userOf(log.actorExternalId),
      actorExternalId: log.actorExternalId ?? null,
      actorName: log.actorName ?? null,
      action: log.action,
      result: log.result ?? null,
      remark: log.remark ?? null,
      nodeName: log.nodeName ?? null,
      occurredAt: log.occurredAt,
    })),
  );
  const logIds = new Map<string, string>();
  if (logRows.length > 0) {
    const logs = await tx
      .insert(processLogs)
      .values(logRows)
      .onConflictDoUpdate({
        target: [processLogs.instanceId, processLogs.externalRecordId],
        set: {
          actorUserId: sql.raw('excluded.actor_user_id'),
          actorName: sql.raw('excluded.actor_name'),
          result: sql.raw('excluded.result'),
          remark: sql.raw('excluded.remark'),
          nodeName: sql.raw('excluded.node_name'),
        },
      })
      .returning({
        id: processLogs.id,
        instanceId: processLogs.instanceId,
        externalRecordId: processLogs.externalRecordId,
      });
    for (const l of logs) logIds.set(`${l.instanceId}\u0000${l.externalRecordId}`, l.id);
  }
  const files = set.flatMap((s, i) => {
    const instanceId = (results[i] as BatchApplyResult).instanceId;
    const of = (logId: string | null, list: ParsedSnapshot['attachments']) =>
      list.map((f) => ({
        instanceId,
        logId,
        externalFileId: f.externalFileId,
        fileName: f.fileName,
        fileSize: f.fileSize ?? null,
        fileType: f.fileType ?? null,
      }));
    return [
      ...s.logs.flatMap((log) =>
        of(logIds.get(`${instanceId}\u0000${log.externalRecordId}`) ?? null, log.attachments),
      ),
      ...of(null, s.attachments),
    ];
  });
  const newFiles = files.length
    ? await tx
        .insert(attachments)
        .values(files)
        .onConflictDoNothing({ target: [attachments.instanceId, attachments.externalFileId] })
        .returning({ id: attachments.id })
    : [];
  for (const { id } of newFiles)
    await sendJob(tx, 'copy-attachment', { attachmentId: id }, { singletonKey: id });
  for (const identityId of people.created)
    await sendJob(tx, 'resolve-identity', { identityId }, { singletonKey: identityId });

  // Huiban's own pending actions on these instances, settled by what the source now says.
  const acted = await tx
    .selectDistinct({ instanceId: taskActions.instanceId })
    .from(taskActions)
    .where(
      and(
        inArray(
          taskActions.instanceId,
          results.map((r) => r.instanceId),
        ),
        eq(taskActions.writeBackStatus, 'pending'),
      ),
    );
  for (const { instanceId } of acted) if (instanceId) await confirmTaskActions(tx, instanceId);
  return results;
}
