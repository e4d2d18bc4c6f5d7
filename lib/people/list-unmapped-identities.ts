import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, identities } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { IDENTITY_VIEW_COLUMNS, type IdentityView } from './search-directory-users';

export type UnmappedIdentity = IdentityView & { waitingTasks: number };

/**
 * Identities no Huiban user is linked to, those with pending tasks waiting for them first (with the count):
 * their tasks appear in someone's 待我处理 only once an admin links them.
 */
export async function listUnmappedIdentitiesAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  input: { connectorId?: string } = {},
): Promise<UnmappedIdentity[]> {
  assertAdmin(admin);
  const waiting = sql<number>`(
    SELECT count(*)::int FROM tasks t
    WHERE t.connector_id = ${identities.connectorId}
      AND t.assignee_external_id = ${identities.externalUserId}
      AND t.status = 'pending' AND t.kind = 'approval')`;
  return db
    .select({ ...IDENTITY_VIEW_COLUMNS, waitingTasks: waiting })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .where(
      and(
        isNull(identities.userId),
        input.connectorId ? eq(identities.connectorId, input.connectorId) : undefined,
      ),
    )
    .orderBy(desc(waiting), identities.name)
    .limit(500);
}
