import { and, eq, gte, ilike, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, processInstances, processSettings, tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { actedByDelegateNameSql, onBehalfOfNameSql } from '@/lib/delegation/delegation-sql';
import { AppError } from '@/lib/errors';
import { workingTimeBetween } from '@/lib/sla/business-calendar';
import { loadBusinessCalendar } from '@/lib/sla/load-calendar';
import { splitWorkingDuration, type WorkingDuration } from '@/lib/sla/working-duration';
import type { InboxFilters, InboxSort, InboxView } from './inbox-filters';
import { originatorSearchText, shownOriginatorName, shownProcessName, taskViewWhere } from './inbox-sql';
import { listPendingSteps } from './list-pending-steps';
import type { PendingStep } from './pending-step';
import { notTwinInstance } from './same-approval-sql';
import { listUrgeNextAllowed } from './urge-window';

export type InboxRow = {
  /** The task id (pending/done/cc) or the instance id (initiated). */
  id: string;
  instanceId: string;
  title: string;
  source: ConnectorKind;
  connectorName: string;
  processName: string | null;
  /** The mapping's category (/admin/processes), if any. */
  processCategory: string | null;
  originatorName: string | null;
  nodeName: string | null;
  status: string;
  result: string | null;
  summary: string | null;
  receivedAt: string;
  updatedAt: string;
  dueAt: string | null;
  isOverdue: boolean;
  /** How long past due, in working time on the business calendar (docs/sla.md); null unless overdue. */
  overdueBy: WorkingDuration | null;
  isRead: boolean;
  /** Pending approvals of a process an admin marked batch-approvable. */
  isBatchApprovable: boolean;
  pcUrl: string | null;
  mobileUrl: string | null;
  /** Who holds the request now (null once it is no longer running). For cc rows `status` is the instance's. */
  pendingStep: PendingStep | null;
  /** 代理: someone else's task the viewer holds as their delegate ("代 王五"); null on the viewer's own. */
  onBehalfOfName?: string | null;
  /** 代理: the delegate who acted on this task of the viewer's ("由 李四 代为处理"); null otherwise. */
  actedByName?: string | null;
  /** 我发起的: while the request's last 催办 is less than an hour old, when it may be urged again; else null. */
  urgeNextAllowedAt?: string | null;
};

export type InboxPage = { items: InboxRow[]; nextCursor: string | null };

/** Keyset cursor (sort value, id): stable under inserts, no OFFSET, so deep pages cost what the first does. */
function encodeCursor(key: string, id: string): string {
  return Buffer.from(`${key}|${id}`).toString('base64url');
}
/** A cursor we did not issue is a 400, never a 500 from PostgreSQL's casts. */
function decodeCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const cut = text.lastIndexOf('|');
  const key = text.slice(0, cut);
  const id = text.slice(cut + 1);
  const isTime =
    key === 'infinity' ||
    key === '-infinity' ||
    (/^\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?$/.test(key) &&
      !Number.isNaN(new Date(key).getTime()));
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  if (cut > 0 && isTime && isUuid) return { key, id };
  throw new AppError('bad_request', 'Malformed cursor');
}

/** `%text%` with LIKE's wildcards escaped, so a search for `50%` means the characters. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
function dayStart(d: string): Date {
  return new Date(`${d}T00:00:00+08:00`);
}
function dayEnd(d: string): Date {
  return new Date(`${d}T23:59:59.999+08:00`);
}

/** The sort column of a view, and its direction. Due dates sort soonest first, undated last. */
function taskSortKey(sort: InboxSort, view: Exclude<InboxView, 'initiated'>): { expr: SQL; asc: boolean } {
  if (sort === 'due') return { expr: sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`, asc: true };
  if (sort === 'updated') return { expr: sql`${tasks.updatedAt}`, asc: false };
  if (view === 'done') return { expr: sql`coalesce(${tasks.finishedAt}, ${tasks.updatedAt})`, asc: false };
  return { expr: sql`${tasks.receivedAt}`, asc: false };
}

function afterCursor(expr: SQL, idColumn: SQL, asc: boolean, cursor: { key: string; id: string } | null) {
  if (!cursor) return undefined;
  return asc
    ? sql`(${expr}, ${idColumn}) > (${cursor.key}::timestamptz, ${cursor.id}::uuid)`
    : sql`(${expr}, ${idColumn}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
}

const shownCategory = sql<string | null>`(
  SELECT ps.category FROM process_settings ps
  WHERE ps.connector_id = ${processInstances.connectorId} AND ps.process_code = ${processInstances.processCode})`;

/**
 * The inbox summary: the mapping's summary fields (form labels, in the chosen order) read from the stored
 * form values, else the summary the adapter composed. Composed at read time, so a mapping change shows at once
 * and applySnapshot() stays the only writer of instances (invariant 4).
 */
const shownSummary = sql<string | null>`coalesce((
  SELECT left(string_agg(sf.name || ': ' || coalesce(fv->>'display', fv->>'value'), ' · ' ORDER BY sf.pos), 500)
  FROM process_settings ps
  CROSS JOIN LATERAL jsonb_array_elements_text(ps.summary_fields) WITH ORDINALITY AS sf(name, pos)
  JOIN LATERAL jsonb_array_elements(${processInstances.formValues}) fv ON fv->>'name' = sf.name
  WHERE ps.connector_id = ${processInstances.connectorId} AND ps.process_code = ${processInstances.processCode}
    AND coalesce(fv->>'display', fv->>'value', '') <> ''
), ${processInstances.summary})`;

function taskFilterWhere(f: InboxFilters, now: Date): SQL[] {
  const where: SQL[] = [];
  if (f.q) where.push(ilike(tasks.searchText, contains(f.q)));
  if (f.source?.length) where.push(inArray(tasks.source, f.source));
  if (f.connectorId) where.push(eq(tasks.connectorId, f.connectorId));
  if (f.process) where.push(sql`${shownProcessName} = ${f.process}`);
  if (f.status?.length) {
    const statuses = f.status.filter((s): s is 'pending' | 'done' | 'cancelled' | 'deleted' =>
      ['pending', 'done', 'cancelled', 'deleted'].includes(s),
    );
    const parts: SQL[] = [];
    if (statuses.length) parts.push(and(inArray(tasks.status, statuses), isNull(tasks.actedAt)) as SQL);
    if (f.status.includes('acted'))
      parts.push(and(eq(tasks.status, 'pending'), isNotNull(tasks.actedAt)) as SQL);
    where.push(parts.length ? (or(...parts) as SQL) : sql`false`);
  }
  if (f.originator) where.push(ilike(originatorSearchText, contains(f.originator)));
  if (f.receivedFrom) where.push(gte(tasks.receivedAt, dayStart(f.receivedFrom)));
  if (f.receivedTo) where.push(lte(tasks.receivedAt, dayEnd(f.receivedTo)));
  if (f.dueFrom) where.push(gte(tasks.dueAt, dayStart(f.dueFrom)));
  if (f.dueTo) where.push(lte(tasks.dueAt, dayEnd(f.dueTo)));
  if (f.overdue) where.push(and(eq(tasks.status, 'pending'), lte(tasks.dueAt, now)) as SQL);
  if (f.unread) where.push(isNull(tasks.readAt));
  return where;
}

function instanceFilterWhere(f: InboxFilters): SQL[] {
  const i = processInstances;
  const where: SQL[] = [];
  if (f.q) {
    const pattern = contains(f.q);
    where.push(
      or(
        ilike(i.title, pattern),
        ilike(i.summary, pattern),
        ilike(shownProcessName, pattern),
        ilike(originatorSearchText, pattern),
      ) as SQL,
    );
  }
  if (f.source?.length) where.push(inArray(i.source, f.source));
  if (f.connectorId) where.push(eq(i.connectorId, f.connectorId));
  if (f.process) where.push(sql`${shownProcessName} = ${f.process}`);
  if (f.status?.length) {
    const statuses = f.status.filter(
      (s): s is 'running' | 'completed' | 'terminated' | 'cancelled' | 'deleted' =>
        ['running', 'completed', 'terminated', 'cancelled', 'deleted'].includes(s),
    );
    where.push(statuses.length ? inArray(i.status, statuses) : sql`false`);
  }
  if (f.originator) where.push(ilike(originatorSearchText, contains(f.originator)));
  if (f.receivedFrom) where.push(gte(i.sourceCreatedAt, dayStart(f.receivedFrom)));
  if (f.receivedTo) where.push(lte(i.sourceCreatedAt, dayEnd(f.receivedTo)));
  if (f.dueFrom || f.dueTo || f.overdue || f.unread) where.push(sql`false`);
  return where;
}

/**
 * One page of one inbox view, scoped to the viewer (invariant 5): only their own tasks, or the instances they
 * originated. Filters, search and sort as `InboxFilters`; newest first unless sorted by due date.
 */
export async function listInbox(
  db: DbOrTx,
  viewer: Viewer,
  input: { view: InboxView; cursor?: string; limit?: number; filters?: InboxFilters; now?: Date },
): Promise<InboxPage> {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const filters = input.filters ?? {};
  const now = input.now ?? new Date();
  const after = decodeCursor(input.cursor);
  if (input.view === 'initiated') return listInitiated(db, viewer, { limit, filters, now, after });

  const sort = taskSortKey(filters.sort ?? 'received', input.view);
  const rows = await db
    .select({
      task: tasks,
      sortKey: sql<string>`to_json(${sort.expr})#>>'{}'`,
      processName: shownProcessName,
      processCategory: processSettings.category,
      originatorName: shownOriginatorName,
      instanceStatus: processInstances.status,
      instanceResult: processInstances.result,
      summary: shownSummary,
      connectorName: connectors.name,
      isBatchApprovable: sql<boolean>`coalesce(${processSettings.batchApprovable}, false)`,
      onBehalfOfName: onBehalfOfNameSql(viewer.userId),
      actedByName: input.view === 'pending' ? sql<null>`null` : actedByDelegateNameSql,
    })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .innerJoin(connectors, eq(connectors.id, tasks.connectorId))
    .leftJoin(
      processSettings,
      and(
        eq(processSettings.connectorId, tasks.connectorId),
        eq(processSettings.processCode, processInstances.processCode),
      ),
    )
    .where(
      and(
        taskViewWhere(viewer, input.view),
        ...taskFilterWhere(filters, now),
        afterCursor(sort.expr, sql`${tasks.id}`, sort.asc, after),
      ),
    )
    .orderBy(
      sort.asc ? sql`${sort.expr} asc` : sql`${sort.expr} desc`,
      sort.asc ? sql`${tasks.id} asc` : sql`${tasks.id} desc`,
    )
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const steps = await listPendingSteps(
    db,
    page.filter((r) => r.instanceStatus === 'running').map((r) => r.task.instanceId),
  );
  const isOverdue = (t: (typeof page)[number]['task']) =>
    t.status === 'pending' && !t.actedAt && !!t.dueAt && t.dueAt <= now;
  const overdueBy = page.some((r) => isOverdue(r.task)) ? await overdueByOf(db, now) : null;
  return {
    items: page.map((r) => {
      const { task } = r;
      // A cc item is read-only: what its reader wants to know is how the request stands, not that the
      // item is "done" (it is, from the moment it was sent).
      const shown =
        task.kind === 'cc'
          ? { status: r.instanceStatus as string, result: r.instanceResult as string | null }
          : // Acted from Huiban but not yet confirmed by the source: shown as done by the viewer.
            {
              status: task.actedAt && task.status === 'pending' ? 'acted' : task.status,
              result: task.result,
            };
      return {
        id: task.id,
        instanceId: task.instanceId,
        title: task.title,
        source: task.source,
        connectorName: r.connectorName,
        processName: r.processName,
        processCategory: r.processCategory,
        originatorName: r.originatorName,
        nodeName: task.nodeName,
        status: shown.status,
        result: shown.result,
        summary: r.summary,
        receivedAt: task.receivedAt.toISOString(),
        updatedAt: task.updatedAt.toISOString(),
        dueAt: task.dueAt?.toISOString() ?? null,
        isOverdue: isOverdue(task),
        overdueBy: isOverdue(task) && task.dueAt && overdueBy ? overdueBy(task.dueAt) : null,
        isRead: task.kind !== 'cc' || task.readAt !== null,
        isBatchApprovable: task.kind === 'approval' && r.isBatchApprovable,
        pcUrl: task.pcUrl,
        mobileUrl: task.mobileUrl,
        pendingStep: steps.get(task.instanceId) ?? null,
        onBehalfOfName: r.onBehalfOfName,
        actedByName: r.actedByName,
      };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(last.sortKey, last.task.id) : null,
  };
}

async function listInitiated(
  db: DbOrTx,
  viewer: Viewer,
  input: { limit: number; filters: InboxFilters; now: Date; after: { key: string; id: string } | null },
): Promise<InboxPage> {
  const i = processInstances;
  const sort =
    input.filters.sort === 'updated'
      ? { expr: sql`${i.updatedAt}`, asc: false }
      : { expr: sql`${i.sourceCreatedAt}`, asc: false };
  const rows = await db
    .select({
      instance: i,
      processName: shownProcessName,
      processCategory: shownCategory,
      originatorName: shownOriginatorName,
      summary: shownSummary,
      connectorName: connectors.name,
      sortKey: sql<string>`to_json(${sort.expr})#>>'{}'`,
    })
    .from(i)
    .innerJoin(connectors, eq(connectors.id, i.connectorId))
    .where(
      and(
        eq(i.originatorUserId, viewer.userId),
        notTwinInstance(),
        ...instanceFilterWhere(input.filters),
        afterCursor(sort.expr, sql`${i.id}`, false, input.after),
      ),
    )
    .orderBy(sql`${sort.expr} desc`, sql`${i.id} desc`)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const running = page.filter((r) => r.instance.status === 'running').map((r) => r.instance.id);
  const [steps, urgeNext] = await Promise.all([
    listPendingSteps(db, running),
    listUrgeNextAllowed(db, running, input.now),
  ]);
  return {
    items: page.map(({ instance, connectorName, processName, processCategory, originatorName, summary }) => ({
      id: instance.id,
      instanceId: instance.id,
      title: instance.title,
      source: instance.source,
      connectorName,
      processName,
      processCategory,
      originatorName: originatorName ?? viewer.name,
      nodeName: null,
      status: instance.status,
      result: instance.result,
      summary,
      receivedAt: instance.sourceCreatedAt.toISOString(),
      updatedAt: instance.updatedAt.toISOString(),
      dueAt: null,
      overdueBy: null,
      isOverdue: false,
      isRead: true,
      isBatchApprovable: false,
      pcUrl: instance.pcUrl,
      mobileUrl: instance.mobileUrl,
      pendingStep: steps.get(instance.id) ?? null,
      urgeNextAllowedAt: urgeNext.get(instance.id) ?? null,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.sortKey, last.instance.id) : null,
  };
}

/** "Overdue by" in working time, on the calendar read once per page. */
async function overdueByOf(db: DbOrTx, now: Date) {
  const cal = await loadBusinessCalendar(db);
  return (dueAt: Date) => splitWorkingDuration(workingTimeBetween(dueAt, now, cal), cal);
}
