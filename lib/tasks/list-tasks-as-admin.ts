import { and, count, desc, eq, ilike, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { connectors, processInstances, tasks, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { CONNECTOR_KINDS, type ConnectorKind } from '@/lib/connectors/kinds';

export const adminTaskSearchSchema = z.object({
  connectorId: z.uuid().optional(),
  source: z.enum(CONNECTOR_KINDS).optional(),
  status: z.enum(['pending', 'done', 'cancelled', 'deleted']).optional(),
  kind: z.enum(['approval', 'cc']).optional(),
  /** A Huiban user id, or `unmapped` for tasks whose assignee is not linked to a user yet. */
  assignee: z.union([z.uuid(), z.literal('unmapped')]).optional(),
  processCode: z.string().trim().min(1).max(200).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AdminTaskSearch = z.infer<typeof adminTaskSearchSchema>;

export type AdminTaskRow = {
  id: string;
  instanceId: string;
  title: string;
  processName: string | null;
  processCode: string | null;
  source: ConnectorKind;
  connectorName: string;
  kind: string;
  status: string;
  assigneeUserId: string | null;
  assigneeName: string | null;
  assigneeExternalId: string;
  nodeName: string | null;
  receivedAt: string;
  finishedAt: string | null;
  actedAt: string | null;
};

/**
 * Every task across users (admins only, explicitly: invariant 5's exception), newest first, with filters.
 */
export async function listTasksAsAdmin(
  db: Db,
  viewer: Viewer,
  params: AdminTaskSearch,
): Promise<{ items: AdminTaskRow[]; total: number }> {
  assertAdmin(viewer);
  const assignee = alias(users, 'assignee');
  const where: SQL | undefined = and(
    params.connectorId ? eq(tasks.connectorId, params.connectorId) : undefined,
    params.source ? eq(tasks.source, params.source) : undefined,
    params.status ? eq(tasks.status, params.status) : undefined,
    params.kind ? eq(tasks.kind, params.kind) : undefined,
    params.assignee === 'unmapped'
      ? isNull(tasks.assigneeUserId)
      : params.assignee
        ? eq(tasks.assigneeUserId, params.assignee)
        : undefined,
    params.processCode ? eq(processInstances.processCode, params.processCode) : undefined,
    params.q ? ilike(tasks.searchText, `%${params.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: tasks.id,
        instanceId: tasks.instanceId,
        title: tasks.title,
        processName: processInstances.processName,
        processCode: processInstances.processCode,
        source: tasks.source,
        connectorName: connectors.name,
        kind: tasks.kind,
        status: tasks.status,
        assigneeUserId: tasks.assigneeUserId,
        assigneeName: assignee.name,
        assigneeExternalId: tasks.assigneeExternalId,
        nodeName: tasks.nodeName,
        receivedAt: tasks.receivedAt,
        finishedAt: tasks.finishedAt,
        actedAt: tasks.actedAt,
      })
      .from(tasks)
      .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
      .innerJoin(connectors, eq(connectors.id, tasks.connectorId))
      .leftJoin(assignee, eq(assignee.id, tasks.assigneeUserId))
      .where(where)
      .orderBy(desc(tasks.receivedAt), desc(tasks.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ n: count() })
      .from(tasks)
      .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
      .where(where),
  ]);
  return {
    items: rows.map((r) => ({
      ...r,
      receivedAt: r.receivedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      actedAt: r.actedAt?.toISOString() ?? null,
    })),
    total: total?.n ?? 0,
  };
}
