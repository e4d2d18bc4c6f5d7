import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { analyticsGrants, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';

export type InsightGrantView = { userId: string; userName: string; department: string; grantedAt: string };

/** Every granted 分析 scope, for the admin's list. */
export async function listInsightGrantsAsAdmin(db: DbOrTx, admin: Viewer): Promise<InsightGrantView[]> {
  assertAdmin(admin);
  const rows = await db
    .select({
      userId: analyticsGrants.userId,
      userName: users.name,
      department: analyticsGrants.department,
      grantedAt: analyticsGrants.grantedAt,
    })
    .from(analyticsGrants)
    .innerJoin(users, eq(users.id, analyticsGrants.userId))
    .orderBy(asc(users.name), asc(analyticsGrants.department));
  return rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() }));
}
