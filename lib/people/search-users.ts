import { and, asc, eq, ilike, inArray, or } from 'drizzle-orm';
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

/** Names of given users (active or not), for pickers showing ids chosen earlier. Only names and departments. */
export async function getUsersByIds(
  db: DbOrTx,
  ids: string[],
): Promise<{ id: string; name: string; department: string | null }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, department: users.department })
    .from(users)
    .where(inArray(users.id, ids))
    .orderBy(asc(users.name));
}
