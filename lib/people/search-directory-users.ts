import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { connectors, identities, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';

export type IdentityView = {
  id: string;
  connectorId: string;
  connectorName: string;
  connectorKind: string;
  externalUserId: string;
  name: string | null;
  mobile: string | null;
  email: string | null;
  jobNumber: string | null;
  active: boolean;
  matchedBy: string | null;
};

export type DirectoryUserRow = {
  id: string;
  name: string;
  username: string | null;
  email: string | null;
  mobile: string | null;
  jobNumber: string | null;
  status: string;
  managerName: string | null;
  identities: IdentityView[];
};

export const IDENTITY_VIEW_COLUMNS = {
  id: identities.id,
  connectorId: identities.connectorId,
  connectorName: connectors.name,
  connectorKind: sql<string>`${connectors.kind}::text`,
  externalUserId: identities.externalUserId,
  name: identities.name,
  mobile: identities.mobile,
  email: identities.email,
  jobNumber: identities.jobNumber,
  active: identities.active,
  matchedBy: identities.matchedBy,
};

/** 身份映射 → 用户: Huiban users matching a name, login, mobile, email or job number, with their identities. */
export async function searchDirectoryUsersAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  input: { q?: string; limit?: number },
): Promise<DirectoryUserRow[]> {
  assertAdmin(admin);
  const q = input.q?.trim() ?? '';
  const term = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const manager = alias(users, 'manager');
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      username: users.username,
      email: users.email,
      mobile: users.mobile,
      jobNumber: users.jobNumber,
      status: sql<string>`${users.status}::text`,
      managerName: manager.name,
    })
    .from(users)
    .leftJoin(manager, eq(manager.id, users.managerId))
    .where(
      q
        ? or(
            ilike(users.name, term),
            ilike(users.username, term),
            ilike(users.mobile, term),
            ilike(users.email, term),
            ilike(users.jobNumber, term),
          )
        : undefined,
    )
    .orderBy(asc(users.name))
    .limit(Math.min(Math.max(input.limit ?? 50, 1), 200));
  if (rows.length === 0) return [];
  const linked = await db
    .select({ ...IDENTITY_VIEW_COLUMNS, userId: identities.userId })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .where(
      and(
        inArray(
          identities.userId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(connectors.name));
  return rows.map((r) => ({
    ...r,
    identities: linked.filter((i) => i.userId === r.id).map(({ userId: _, ...i }) => i),
  }));
}
