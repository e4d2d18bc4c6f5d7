import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type AdminOperation, adminOperations, connectors, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import type { StartOperationInput } from './operation-input';

/** An operation as the admin pages poll it. */
export type OperationView = {
  id: string;
  kind: AdminOperation['kind'];
  params: Record<string, unknown>;
  status: AdminOperation['status'];
  total: number | null;
  done: number;
  failed: number;
  result: Record<string, unknown> | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

const columns = {
  id: adminOperations.id,
  kind: adminOperations.kind,
  params: adminOperations.params,
  status: adminOperations.status,
  total: adminOperations.total,
  done: adminOperations.done,
  failed: adminOperations.failed,
  result: adminOperations.result,
  error: adminOperations.error,
  createdBy: users.name,
  createdAt: adminOperations.createdAt,
  startedAt: adminOperations.startedAt,
  finishedAt: adminOperations.finishedAt,
};

function toView(r: {
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdBy: string | null;
  [k: string]: unknown;
}): OperationView {
  return {
    ...(r as unknown as OperationView),
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Starts a replay or resync: the operation row, its audit row and the `run-admin-operation` job commit
 * together (style rule 13); the worker then runs it and writes progress on the row.
 */
export async function startAdminOperationAsAdmin(
  db: Db,
  viewer: Viewer,
  input: StartOperationInput,
  meta: RequestMeta = {},
): Promise<OperationView> {
  assertAdmin(viewer);
  const id = await db.transaction(async (tx) => {
    if (input.kind === 'resync') {
      const [connector] = await tx
        .select({ id: connectors.id })
        .from(connectors)
        .where(eq(connectors.id, input.params.connectorId));
      if (!connector) throw new AppError('not_found', 'errors:notFound.connector');
    }
    const [row] = await tx
      .insert(adminOperations)
      .values({
        kind: input.kind,
        params: input.params as Record<string, unknown>,
        createdByUserId: viewer.userId,
      })
      .returning({ id: adminOperations.id });
    if (!row) throw new Error('admin operation insert failed');
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: `operation.${input.kind}`,
      targetType: 'admin_operation',
      targetId: row.id,
      details: { params: input.params },
      ...meta,
    });
    await sendJob(tx, 'run-admin-operation', { operationId: row.id }, { singletonKey: row.id });
    return row.id;
  });
  return getAdminOperationAsAdmin(db, viewer, id);
}

/** One operation (admins). */
export async function getAdminOperationAsAdmin(
  db: Db,
  viewer: Viewer,
  operationId: string,
): Promise<OperationView> {
  assertAdmin(viewer);
  const [row] = await db
    .select(columns)
    .from(adminOperations)
    .leftJoin(users, eq(users.id, adminOperations.createdByUserId))
    .where(eq(adminOperations.id, operationId));
  if (!row) throw new AppError('not_found', 'errors:notFound.operation');
  return toView(row);
}

/** The latest operations, newest first (admins). */
export async function listAdminOperationsAsAdmin(
  db: Db,
  viewer: Viewer,
  params: { kind?: AdminOperation['kind']; limit?: number } = {},
): Promise<OperationView[]> {
  assertAdmin(viewer);
  const rows = await db
    .select(columns)
    .from(adminOperations)
    .leftJoin(users, eq(users.id, adminOperations.createdByUserId))
    .where(params.kind ? eq(adminOperations.kind, params.kind) : undefined)
    .orderBy(desc(adminOperations.createdAt))
    .limit(params.limit ?? 20);
  return rows.map(toView);
}
