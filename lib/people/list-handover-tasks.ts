import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, identities, processInstances, tasks, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';

export type HandoverTask = {
  taskId: string;
  title: string;
  connectorName: string;
  processName: string | null;
  assigneeExternalId: string | null;
  assigneeName: string | null;
  userStatus: string | null;
  receivedAt: string;
};

/**
 * 需交接: pending approval tasks whose assignee left the org (identity inactive after user_leave_org or a
 * full sync) or whose Huiban account is resigned. They stay visible here until someone else takes them over.
 */
export async function listHandoverTasksAsAdmin(db: DbOrTx, admin: Viewer): Promise<HandoverTask[]> {
  assertAdmin(admin);
  const rows = await db
    .select({
      taskId: tasks.id,
      title: tasks.title,
      connectorName: connectors.name,
      processName: processInstances.processName,
      assigneeExternalId: tasks.assigneeExternalId,
      assigneeName: sql<string | null>`coalesce(${users.name}, ${identities.name})`,
      userStatus: sql<string | null>`${users.status}::text`,
      receivedAt: tasks.receivedAt,
    })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .innerJoin(connectors, eq(connectors.id, tasks.connectorId))
    .leftJoin(
      identities,
      and(
        eq(identities.connectorId, tasks.connectorId),
        eq(identities.externalUserId, tasks.assigneeExternalId),
      ),
    )
    .leftJoin(users, eq(users.id, tasks.assigneeUserId))
    .where(
      and(
        eq(tasks.status, 'pending'),
        eq(tasks.kind, 'approval'),
        or(eq(identities.active, false), eq(users.status, 'resigned')),
      ),
    )
    .orderBy(desc(tasks.receivedAt))
    .limit(500);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}
