import { and, asc, eq, ilike, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';

/** Active colleagues matching a name or login, for pickers (transfer). Only names and departments, nothing else. */
export async function searchUsers(
  db: DbOrTx,
  q: string,
): Promise<{ id: string; name: string; department: string | null }[]> {
  const term = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: users.id, name: users.name, department: users.department })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        q ? or(ilike(users.name, term), ilike(users.username, term)) : undefined,
      ),
    )
    .orderBy(asc(users.name))
    .limit(20);
}
