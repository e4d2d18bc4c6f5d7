import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { identities } from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { ParsedSnapshot } from '@/lib/tasks/snapshot';

/**
 * How a snapshot becomes rows: shared by applySnapshot() (one instance) and applySnapshotBatch() (a set), so
 * both write the same columns under the same rules. `userOf` maps a source user id to a Huiban user (or null).
 */
export type UserOf = (externalId: string | null | undefined) => string | null;

export function instanceValuesOf(
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

/** The words a task is found by in the inbox search. */
export function searchTextOf(s: ParsedSnapshot): string {
  return [s.title, s.processName, s.originator?.name, s.summary].filter(Boolean).join(' ');
}

export function taskRowOf(
  ids: { instanceId: string; connectorId: string; source: ConnectorKind },
  s: ParsedSnapshot,
  t: ParsedSnapshot['tasks'][number],
  userOf: UserOf,
) {
  return {
    instanceId: ids.instanceId,
    connectorId: ids.connectorId,
    source: ids.source,
    externalTaskId: t.externalTaskId,
    kind: t.kind,
    assigneeUserId: userOf(t.assigneeExternalId),
    assigneeExternalId: t.assigneeExternalId,
    status: t.status,
    result: t.result ?? null,
    title: s.title,
    nodeName: t.nodeName ?? null,
    receivedAt: t.receivedAt,
    finishedAt: t.finishedAt ?? null,
    dueAt: t.dueAt ?? null,
    pcUrl: t.pcUrl ?? s.pcUrl ?? null,
    mobileUrl: t.mobileUrl ?? s.mobileUrl ?? null,
    searchText: searchTextOf(s),
    sourceUpdatedAt: s.sourceUpdatedAt,
  };
}

/**
 * Every source user the snapshots mention gets an identity row (unmapped ones too: their tasks are kept and
 * show up as soon as someone maps them). Returns externalId → Huiban user id, and the identities created now.
 * One INSERT and one SELECT whatever the number of snapshots.
 */
export async function ensureIdentities(
  tx: Tx,
  connectorId: string,
  snapshots: ParsedSnapshot[],
): Promise<{ map: Map<string, string | null>; created: string[] }> {
  const names = new Map<string, string | null>();
  const note = (id: string | null | undefined, name: string | null | undefined) => {
    if (id && (!names.has(id) || (name && !names.get(id)))) names.set(id, name ?? null);
  };
  for (const s of snapshots) {
    note(s.originator?.externalUserId, s.originator?.name);
    for (const t of s.tasks) note(t.assigneeExternalId, t.assigneeName);
    for (const l of s.logs) note(l.actorExternalId, l.actorName);
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
  return { map: new Map(rows.map((r) => [r.externalUserId, r.userId])), created: created.map((c) => c.id) };
}
