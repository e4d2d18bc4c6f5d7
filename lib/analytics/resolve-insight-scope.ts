import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { analyticsGrants, users } from '@/db/schema';
import { type InsightScope, insightScopeFor } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

/**
 * The viewer's 分析 scope: admins the company; otherwise the departments of their direct reports in the
 * directory (users.manager_id, set by the directory sync) plus the departments an admin granted them.
 * Throws 403 for someone with neither.
 */
export async function resolveInsightScope(db: DbOrTx, viewer: Viewer): Promise<InsightScope> {
  const scope = await findInsightScope(db, viewer);
  if (!scope) throw new AppError('forbidden', '没有查看分析的权限');
  return scope;
}

/** The same, null instead of a 403 (the menu asks whether to show 分析). */
export async function findInsightScope(db: DbOrTx, viewer: Viewer): Promise<InsightScope | null> {
  if (viewer.isAdmin) return insightScopeFor(viewer, { managed: [], granted: [] });
  const managed = await db
    .selectDistinct({ department: users.department })
    .from(users)
    .where(
      and(eq(users.managerId, viewer.userId), isNotNull(users.department), ne(users.status, 'disabled')),
    );
  const granted = await db
    .select({ department: analyticsGrants.department })
    .from(analyticsGrants)
    .where(eq(analyticsGrants.userId, viewer.userId));
  return insightScopeFor(viewer, {
    managed: managed.map((m) => m.department ?? ''),
    granted: granted.map((g) => g.department),
  });
}
