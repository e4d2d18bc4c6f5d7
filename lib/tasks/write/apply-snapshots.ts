import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { attachments, processInstances, processLogs, taskActions, tasks } from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { createDueDateResolver } from '@/lib/sla/compute-due-at';
import { withDomainEventsForMany } from '@/lib/tasks/domain-events';
import { runInstanceAppliedHooks } from '@/lib/tasks/instance-applied-hooks';
import { type InstanceSnapshot, instanceSnapshotSchema, type ParsedSnapshot } from '@/lib/tasks/snapshot';
import { type ApplySnapshotResult, applySnapshot } from './apply-snapshot';
import { confirmTaskActions } from './confirm-task-actions';
import { linkSameApprovals } from './link-same-approval';
import {
  type AttachmentRow,
  attachmentRows,
  enqueueFollowUps,
  ensureIdentities,
  type InstanceRow,
  insertAttachments,
  instanceValues,
  keepKnown,
  knownColumns,
  logConflict,
  logRow,
  peopleNamed,
  slaDueAtOf,
  taskConflict,
  taskRow,
  tasksToWrite,
  userLookup,
} from './snapshot-rows';

export type ApplySnapshotsInput = {
  connectorId: string;
  source: ConnectorKind;
  snapshots: InstanceSnapshot[];
};

/**
 * applySnapshot() for many instances at once, set-based: one statement per table for the whole set instead of
 * one per row (the open-API batch of 500). Same rows, same rules (they are shared, `snapshot-rows.ts`): the
 * result, item by item and in the database, is what applying the snapshots one by one in order gives — an older
 * snapshot is `stale`, a replay changes nothing, what a snapshot does not know keeps the stored value.
 *
 * Order is kept by rounds: a snapshot of an instance already in the current round starts the next one, so each
 * round touches an instance once. A snapshot naming a task or log step twice goes through applySnapshot() alone.
 */
export async function applySnapshots(
  db: Db | Tx,
  input: ApplySnapshotsInput,
): Promise<ApplySnapshotResult[]> {
  const parsed = input.snapshots.map((s) => instanceSnapshotSchema.parse(s));
  if (parsed.length === 0) return [];
  const { connectorId, source } = input;
  return db.transaction(async (tx) => {
    const results: ApplySnapshotResult[] = [];
    for (const round of roundsOf(parsed)) {
      if (round.alone) {
        results.push(await applySnapshot(tx, { connectorId, source, snapshot: round.snapshots[0]! }));
        continue;
      }
      const keys = round.snapshots.map((s) => ({ connectorId, externalId: s.externalId }));
      results.push(
        ...(await withDomainEventsForMany(tx, keys, () =>
          applyRound(tx, connectorId, source, round.snapshots),
        )),
      );
    }
    return results;
  });
}

type Round = { alone: boolean; snapshots: ParsedSnapshot[] };

function roundsOf(snapshots: ParsedSnapshot[]): Round[] {
  const rounds: Round[] = [];
  let current: Round | null = null;
  let seen = new Set<string>();
  for (const s of snapshots) {
    if (namesTwice(s)) {
      rounds.push({ alone: true, snapshots: [s] });
      current = null;
      continue;
    }
    if (!current || seen.has(s.externalId)) {
      current = { alone: false, snapshots: [] };
      seen = new Set();
      rounds.push(current);
    }
    current.snapshots.push(s);
    seen.add(s.externalId);
  }
  return rounds;
}

/** One row would meet itself in a set-based upsert: applied alone, where the second one updates the first. */
function namesTwice(s: ParsedSnapshot): boolean {
  const taskIds = new Set(s.tasks.map((t) => t.externalTaskId));
  const recordIds = new Set(s.logs.map((l) => l.externalRecordId));
  return taskIds.size !== s.tasks.length || recordIds.size !== s.logs.length;
}

type Item = {
  s: ParsedSnapshot;
  instanceId: string;
  outcome: ApplySnapshotResult['outcome'];
  known: InstanceRow;
};

async function applyRound(
  tx: Tx,
  connectorId: string,
  source: ConnectorKind,
  snapshots: ParsedSnapshot[],
): Promise<ApplySnapshotResult[]> {
  const people = await ensureIdentities(tx, connectorId, snapshots);
  const userOf = userLookup(people.map);

  // Locked in one order (by external id) so that two batches over the same instances cannot deadlock.
  const existing = await tx
    .select({
      id: processInstances.id,
      externalId: processInstances.externalId,
      sourceUpdatedAt: processInstances.sourceUpdatedAt,
      ...knownColumns(processInstances),
    })
    .from(processInstances)
    .where(
      and(
        eq(processInstances.connectorId, connectorId),
        inArray(
          processInstances.externalId,
          snapshots.map((s) => s.externalId),
        ),
      ),
    )
    .orderBy(processInstances.externalId)
    .for('no key update');
  const stored = new Map(existing.map((e) => [e.externalId, e]));

  const planned = snapshots.map((s) => {
    const values = instanceValues(connectorId, source, s, userOf);
    const row = stored.get(s.externalId);
    if (!row) return { s, instanceId: '', outcome: 'created' as const, known: values };
    const outcome = row.sourceUpdatedAt > s.sourceUpdatedAt ? ('stale' as const) : ('updated' as const);
    return { s, instanceId: row.id, outcome, known: keepKnown(values, row) };
  });

  // New and updated instances in one statement. Only rows locked above are updated: an instance another
  // transaction created since the SELECT is not, and goes through applySnapshot() below.
  const written = planned.filter((p) => p.outcome !== 'stale');
  const lockedIds = existing.map((e) => e.id);
  const ids = new Map<string, string>();
  for (const part of chunk(written, columnsOf(processInstances))) {
    const rows = await tx
      .insert(processInstances)
      .values(part.map((p) => p.known))
      .onConflictDoUpdate({
        target: [processInstances.connectorId, processInstances.externalId],
        set: { ...excludedSet(processInstances, Object.keys(part[0]!.known)), updatedAt: sql`now()` },
        setWhere: lockedIds.length ? inArray(processInstances.id, lockedIds) : sql`false`,
      })
      .returning({ id: processInstances.id, externalId: processInstances.externalId });
    for (const r of rows) ids.set(r.externalId, r.id);
  }
  const raced = new Map<string, ApplySnapshotResult>();
  for (const p of written) {
    const id = ids.get(p.s.externalId);
    if (id) p.instanceId = id;
    else raced.set(p.s.externalId, await applySnapshot(tx, { connectorId, source, snapshot: p.s }));
  }
  const items: Item[] = planned.filter((p) => !raced.has(p.s.externalId));

  // Connectors that follow other instances (a local step waiting on a DingTalk approval) hear of it here.
  const fresh = items.filter((i) => i.outcome !== 'stale');
  await runInstanceAppliedHooks(
    tx,
    fresh.map(({ s }) => ({
      connectorId,
      source,
      externalId: s.externalId,
      status: s.status,
      result: s.result ?? null,
    })),
  );

  await linkSameApprovals(
    tx,
    fresh.map(({ s, instanceId, known }) => ({
      instanceId,
      connectorId,
      processCode: known.processCode ?? known.processName ?? null,
      formValues: known.formValues ?? s.formValues,
      keys: s.sameApproval,
    })),
  );

  const tasksWritten = await writeTasks(tx, connectorId, source, items, userOf);
  const tasksWithdrawn = await withdrawTasks(tx, items);
  const logs = await writeLogs(tx, items, userOf);

  const files: AttachmentRow[] = items.flatMap(({ s, instanceId }) => [
    ...s.logs.flatMap((l) =>
      attachmentRows(instanceId, logs.ids.get(key(instanceId, l.externalRecordId)) ?? null, l.attachments),
    ),
    ...attachmentRows(instanceId, null, s.attachments),
  ]);
  const newAttachments: { id: string; instanceId: string }[] = [];
  for (const part of chunk(files, columnsOf(attachments)))
    newAttachments.push(...(await insertAttachments(tx, part)));
  await enqueueFollowUps(
    tx,
    newAttachments.map((a) => a.id),
    people.created,
  );

  // Write-back confirmation, only where an action waits for it.
  const withPending = await tx
    .selectDistinct({ instanceId: taskActions.instanceId })
    .from(taskActions)
    .where(
      and(
        inArray(
          taskActions.instanceId,
          items.map((i) => i.instanceId),
        ),
        eq(taskActions.writeBackStatus, 'pending'),
      ),
    );
  for (const { instanceId } of withPending) if (instanceId) await confirmTaskActions(tx, instanceId);

  // Each new identity is counted where applying one by one would have created it: its first mention.
  const counted = new Set<string>();
  return planned.map((p) => {
    const alone = raced.get(p.s.externalId);
    if (alone) return alone;
    let identitiesCreated = 0;
    for (const externalId of peopleNamed(p.s).keys()) {
      if (!people.createdExternalIds.has(externalId) || counted.has(externalId)) continue;
      counted.add(externalId);
      identitiesCreated += 1;
    }
    return {
      instanceId: p.instanceId,
      outcome: p.outcome,
      tasksWritten: tasksWritten.get(p.instanceId) ?? 0,
      tasksWithdrawn: tasksWithdrawn.get(p.instanceId) ?? 0,
      logsWritten: logs.written.get(p.instanceId) ?? 0,
      attachmentsQueued: newAttachments.filter((a) => a.instanceId === p.instanceId).length,
      identitiesCreated,
    };
  });
}

async function writeTasks(
  tx: Tx,
  connectorId: string,
  source: ConnectorKind,
  items: Item[],
  userOf: ReturnType<typeof userLookup>,
): Promise<Map<string, number>> {
  // Due dates as applySnapshot() sets them (docs/sla.md): one resolver per process reads its SLA and the calendar once.
  const resolvers = new Map<string, ReturnType<typeof createDueDateResolver>>();
  const dueDateOf = (processCode: string | null) => {
    const key = processCode ?? '';
    let resolver = resolvers.get(key);
    if (!resolver) {
      resolver = createDueDateResolver(tx, { connectorId, processCode });
      resolvers.set(key, resolver);
    }
    return resolver;
  };
  const rows = [];
  for (const { s, instanceId, outcome, known } of items) {
    for (const t of tasksToWrite(s, outcome === 'stale')) {
      const slaDueAt = await slaDueAtOf(t, dueDateOf(known.processCode ?? null));
      rows.push(taskRow({ instanceId, connectorId, source }, s, known, t, userOf, slaDueAt));
    }
  }
  const count = new Map<string, number>();
  for (const part of chunk(rows, columnsOf(tasks))) {
    const written = await tx
      .insert(tasks)
      .values(part)
      .onConflictDoUpdate(taskConflict())
      .returning({ instanceId: tasks.instanceId });
    for (const w of written) count.set(w.instanceId, (count.get(w.instanceId) ?? 0) + 1);
  }
  return count;
}

/**
 * applySnapshot()'s two task sweeps, for every instance at once: a full task list withdraws the pending items
 * it no longer names; an instance deleted at the source takes every item with it. Neither touches a task row
 * newer than the snapshot.
 */
async function withdrawTasks(tx: Tx, items: Item[]): Promise<Map<string, number>> {
  const count = new Map<string, number>();
  const add = (rows: Record<string, unknown>[]) => {
    for (const r of rows) {
      const id = r.instance_id as string;
      count.set(id, (count.get(id) ?? 0) + 1);
    }
  };
  const fresh = items.filter((i) => i.outcome !== 'stale');
  const full = fresh
    .filter((i) => i.s.taskScope === 'full')
    .map((i) => ({
      instance_id: i.instanceId,
      at: i.s.sourceUpdatedAt.toISOString(),
      listed: i.s.tasks.map((t) => t.externalTaskId),
    }));
  if (full.length) {
    add(
      await tx.execute(sql`
        update ${tasks} t
        set status = 'cancelled', finished_at = v.at, source_updated_at = v.at, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(full)}::jsonb) as v(instance_id uuid, at timestamptz, listed jsonb)
        where t.instance_id = v.instance_id and t.status = 'pending'
          and not jsonb_exists(v.listed, t.external_task_id) and t.source_updated_at <= v.at
        returning t.instance_id`),
    );
  }
  const deleted = fresh
    .filter((i) => i.s.status === 'deleted')
    .map((i) => ({ instance_id: i.instanceId, at: i.s.sourceUpdatedAt.toISOString() }));
  if (deleted.length) {
    add(
      await tx.execute(sql`
        update ${tasks} t
        set status = 'deleted', source_updated_at = v.at, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(deleted)}::jsonb) as v(instance_id uuid, at timestamptz)
        where t.instance_id = v.instance_id and t.status <> 'deleted' and t.source_updated_at <= v.at
        returning t.instance_id`),
    );
  }
  return count;
}

async function writeLogs(
  tx: Tx,
  items: Item[],
  userOf: ReturnType<typeof userLookup>,
): Promise<{ ids: Map<string, string>; written: Map<string, number> }> {
  const ids = new Map<string, string>();
  const written = new Map<string, number>();
  for (const scope of ['full', 'partial'] as const) {
    const rows = items
      .filter((i) => i.s.taskScope === scope)
      .flatMap(({ s, instanceId }) =>
        s.logs.map((log, position) => logRow(instanceId, log, position, userOf)),
      );
    for (const part of chunk(rows, columnsOf(processLogs))) {
      const stored = await tx
        .insert(processLogs)
        .values(part)
        .onConflictDoUpdate(logConflict(scope))
        .returning({
          id: processLogs.id,
          instanceId: processLogs.instanceId,
          externalRecordId: processLogs.externalRecordId,
          isNew: sql<boolean>`xmax = 0`,
        });
      for (const r of stored) {
        ids.set(key(r.instanceId, r.externalRecordId), r.id);
        if (r.isNew) written.set(r.instanceId, (written.get(r.instanceId) ?? 0) + 1);
      }
    }
  }
  return { ids, written };
}

const key = (instanceId: string, recordId: string) => `${instanceId}\u0000${recordId}`;

const columnsOf = (table: Parameters<typeof getTableColumns>[0]) =>
  Object.keys(getTableColumns(table)).length;

/** PostgreSQL takes at most 65 535 parameters per statement: rows of `width` columns, split to fit. */
function chunk<T>(rows: T[], width: number): T[][] {
  const size = Math.max(1, Math.floor(60_000 / width));
  const parts: T[][] = [];
  for (let i = 0; i < rows.length; i += size) parts.push(rows.slice(i, i + size));
  return parts;
}

/** `column = excluded.column` for each named column of an insert. */
function excludedSet(table: typeof processInstances, names: string[]): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return Object.fromEntries(
    names.map((name) => [name, sql`excluded.${sql.identifier(columns[name]!.name)}`]),
  );
}
