import { count, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';

export type AdminOverview = {
  users: { total: number; admins: number };
  connectors: { id: string; name: string; kind: string; enabled: boolean }[];
};

/** Counts and connector list for the admin overview. Admins only; never returns secrets or config. */
export async function getAdminOverviewAsAdmin(db: Db, viewer: Viewer): Promise<AdminOverview> {
  assertAdmin(viewer);
  const [totals] = await db
    .select({
      total: count(),
      admins: sql<number>`count(*) filter (where ${users.role} = 'admin')`.mapWith(Number),
    })
    .from(users);
  const list = await db
    .select({ id: connectors.id, name: connectors.name, kind: connectors.kind, enabled: connectors.enabled })
    .from(connectors)
    .orderBy(connectors.createdAt);
  return { users: { total: totals?.total ?? 0, admins: totals?.admins ?? 0 }, connectors: list };
}
