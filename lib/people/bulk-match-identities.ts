import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { connectors, identities, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { linkIdentityToUser } from '@/lib/tasks/write/link-identity-to-user';

export const BULK_MATCH_FIELDS = ['mobile', 'email', 'jobNumber', 'name'] as const;
export type BulkMatchField = (typeof BULK_MATCH_FIELDS)[number];

export const bulkMatchInputSchema = z.object({
  field: z.enum(BULK_MATCH_FIELDS),
  connectorId: z.uuid().optional(),
  /** false: only the preview; true: link what the preview shows. */
  apply: z.boolean().default(false),
});

export type BulkMatchCandidate = {
  identityId: string;
  connectorName: string;
  externalUserId: string;
  identityName: string | null;
  value: string;
  userId: string;
  userName: string;
  waitingTasks: number;
};

const COLUMNS = {
  mobile: { identity: identities.mobile, user: users.mobile },
  email: { identity: identities.email, user: users.email },
  jobNumber: { identity: identities.jobNumber, user: users.jobNumber },
  name: { identity: identities.name, user: users.name },
} as const;

/**
 * Unmapped identities whose chosen field equals exactly one active Huiban user's (case-insensitive for
 * email): what a bulk match would link. A value two users share is ambiguous and left out.
 */
export async function previewBulkMatchAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  input: { field: BulkMatchField; connectorId?: string },
): Promise<BulkMatchCandidate[]> {
  assertAdmin(admin);
  const col = COLUMNS[input.field];
  const norm = (c: PgColumn) => (input.field === 'email' ? sql`lower(trim(${c}))` : sql`trim(${c})`);
  const waiting = sql<number>`(
    SELECT count(*)::int FROM tasks t
    WHERE t.connector_id = ${identities.connectorId}
      AND t.assignee_external_id = ${identities.externalUserId}
      AND t.status = 'pending' AND t.kind = 'approval')`;
  // Exactly one active user holds the value: otherwise it is ambiguous and left to a manual link.
  const u2 = alias(users, 'u2');
  const u2col = { mobile: u2.mobile, email: u2.email, jobNumber: u2.jobNumber, name: u2.name }[input.field];
  const unique = sql`(SELECT count(*) FROM users u2 WHERE ${u2.status} = 'active' AND ${norm(u2col)} = ${norm(col.identity)}) = 1`;
  const rows = await db
    .select({
      identityId: identities.id,
      connectorName: connectors.name,
      externalUserId: identities.externalUserId,
      identityName: identities.name,
      value: sql<string>`${col.identity}`,
      userId: users.id,
      userName: users.name,
      waitingTasks: waiting,
    })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .innerJoin(users, and(sql`${norm(col.user)} = ${norm(col.identity)}`, eq(users.status, 'active')))
    .where(
      and(
        isNull(identities.userId),
        sql`coalesce(trim(${col.identity}), '') <> ''`,
        unique,
        input.connectorId ? eq(identities.connectorId, input.connectorId) : undefined,
      ),
    )
    .orderBy(identities.name)
    .limit(1000);
  return rows;
}

/** Links every candidate of the preview (matchedBy = the field), in one transaction; audited once. */
export async function bulkMatchIdentitiesAsAdmin(
  db: Db,
  admin: Viewer,
  input: { field: BulkMatchField; connectorId?: string },
  meta: RequestMeta = {},
): Promise<{ linked: number; tasks: number }> {
  const candidates = await previewBulkMatchAsAdmin(db, admin, input);
  if (candidates.length === 0) return { linked: 0, tasks: 0 };
  return db.transaction(async (tx) => {
    // Re-check inside the transaction: an identity linked meanwhile is left alone.
    const still = await tx
      .select({ id: identities.id })
      .from(identities)
      .where(
        and(
          inArray(
            identities.id,
            candidates.map((c) => c.identityId),
          ),
          isNull(identities.userId),
        ),
      )
      .for('update');
    const open = new Set(still.map((s) => s.id));
    let linked = 0;
    let tasks = 0;
    for (const c of candidates) {
      if (!open.has(c.identityId)) continue;
      const moved = await linkIdentityToUser(tx, {
        identityId: c.identityId,
        userId: c.userId,
        matchedBy: input.field,
      });
      linked += 1;
      tasks += moved.tasks;
    }
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'identity.bulk_match',
      targetType: 'identity',
      targetId: input.connectorId ?? 'all',
      details: { field: input.field, linked, tasks },
      ...meta,
    });
    return { linked, tasks };
  });
}
