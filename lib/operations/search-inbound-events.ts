import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { connectors, inboundEvents, processInstances, tasks, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { eventFilterSchema, eventFilterWhere } from './event-filter';
import { maskSecrets } from './mask-secrets';

export const eventSearchSchema = eventFilterSchema.and(
  z.object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
export type EventSearch = z.infer<typeof eventSearchSchema>;

export type EventRow = {
  id: string;
  connectorId: string;
  connectorName: string;
  connectorKind: string;
  sourceEventId: string;
  type: string;
  instanceExternalId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
};

const rowColumns = {
  id: inboundEvents.id,
  connectorId: inboundEvents.connectorId,
  connectorName: connectors.name,
  connectorKind: connectors.kind,
  sourceEventId: inboundEvents.sourceEventId,
  type: inboundEvents.type,
  instanceExternalId: inboundEvents.instanceExternalId,
  status: inboundEvents.status,
  attempts: inboundEvents.attempts,
  lastError: inboundEvents.lastError,
  receivedAt: inboundEvents.receivedAt,
  processedAt: inboundEvents.processedAt,
};

const toRow = (r: { receivedAt: Date; processedAt: Date | null; [k: string]: unknown }): EventRow =>
  ({
    ...r,
    receivedAt: r.receivedAt.toISOString(),
    processedAt: r.processedAt?.toISOString() ?? null,
  }) as EventRow;

/** The event log (admins): every stored inbound event, newest first, filtered; payloads only in the detail. */
export async function searchInboundEventsAsAdmin(
  db: Db,
  viewer: Viewer,
  params: EventSearch,
): Promise<{ items: EventRow[]; total: number; types: string[] }> {
  assertAdmin(viewer);
  const where = eventFilterWhere(params);
  const [items, [totalRow], types] = await Promise.all([
    db
      .select(rowColumns)
      .from(inboundEvents)
      .innerJoin(connectors, eq(connectors.id, inboundEvents.connectorId))
      .where(where)
      .orderBy(desc(inboundEvents.receivedAt), desc(inboundEvents.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ n: count() }).from(inboundEvents).where(where),
    // For the type filter's options: the distinct types seen (a small set per source).
    db
      .selectDistinct({ type: inboundEvents.type })
      .from(inboundEvents)
      .orderBy(asc(inboundEvents.type))
      .limit(100),
  ]);
  return { items: items.map(toRow), total: totalRow?.n ?? 0, types: types.map((t) => t.type) };
}

export type EventDetail = EventRow & {
  /** The stored payload with credential-like values masked. */
  payload: unknown;
  /** The instance the event is about, as Huiban holds it now, and its tasks. */
  instance: {
    id: string;
    title: string;
    status: string;
    processName: string | null;
    sourceUpdatedAt: string;
    tasks: {
      id: string;
      kind: string;
      status: string;
      assignee: string;
      nodeName: string | null;
      updatedAt: string;
    }[];
  } | null;
};

/** One event with its (masked) payload and what it produced (admins). */
export async function getInboundEventAsAdmin(db: Db, viewer: Viewer, eventId: string): Promise<EventDetail> {
  assertAdmin(viewer);
  const [event] = await db
    .select({ ...rowColumns, payload: inboundEvents.payload })
    .from(inboundEvents)
    .innerJoin(connectors, eq(connectors.id, inboundEvents.connectorId))
    .where(eq(inboundEvents.id, eventId));
  if (!event) throw new AppError('not_found', 'errors:notFound.event');
  const [instance] = event.instanceExternalId
    ? await db
        .select({
          id: processInstances.id,
          title: processInstances.title,
          status: processInstances.status,
          processName: processInstances.processName,
          sourceUpdatedAt: processInstances.sourceUpdatedAt,
        })
        .from(processInstances)
        .where(
          and(
            eq(processInstances.connectorId, event.connectorId),
            eq(processInstances.externalId, event.instanceExternalId),
          ),
        )
    : [];
  const instanceTasks = instance
    ? await db
        .select({
          id: tasks.id,
          kind: tasks.kind,
          status: tasks.status,
          assignee: sql<string>`coalesce(${users.name}, ${tasks.assigneeExternalId})`,
          nodeName: tasks.nodeName,
          updatedAt: tasks.updatedAt,
        })
        .from(tasks)
        .leftJoin(users, eq(users.id, tasks.assigneeUserId))
        .where(eq(tasks.instanceId, instance.id))
        .orderBy(asc(tasks.receivedAt))
    : [];
  const { payload, ...row } = event;
  return {
    ...toRow(row),
    payload: maskSecrets(payload),
    instance: instance
      ? {
          ...instance,
          sourceUpdatedAt: instance.sourceUpdatedAt.toISOString(),
          tasks: instanceTasks.map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() })),
        }
      : null,
  };
}
