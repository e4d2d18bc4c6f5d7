import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * What a (re)connecting stream owes its user: `cursor` is the newest change id overall (the stream's position),
 * `missed` is true when the user's inbox changed after `afterId` — or when `afterId` is older than what is
 * kept (pruned), since then a change cannot be ruled out.
 */
export async function latestLiveChange(
  db: DbOrTx,
  userId: string,
  afterId: number | null,
): Promise<{ cursor: number; missed: boolean }> {
  const [row] = (await db.execute<{ cursor: string | null; oldest: string | null; mine: boolean }>(sql`
    SELECT (SELECT max(id) FROM live_changes) AS cursor,
           (SELECT min(id) FROM live_changes) AS oldest,
           EXISTS (SELECT 1 FROM live_changes WHERE user_id = ${userId} AND id > ${afterId ?? 0}) AS mine`)) as unknown as {
    cursor: string | null;
    oldest: string | null;
    mine: boolean;
  }[];
  const cursor = Number(row?.cursor ?? 0);
  if (afterId === null) return { cursor, missed: false };
  // Ids went back (a restored database): start over from the current position.
  if (afterId > cursor) return { cursor, missed: true };
  const pruned = row?.oldest != null && afterId < Number(row.oldest) - 1;
  return { cursor, missed: Boolean(row?.mine) || pruned };
}
