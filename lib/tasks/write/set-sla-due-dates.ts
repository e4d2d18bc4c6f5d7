import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';

/**
 * Sets recomputed SLA due times (the process SLA or the calendar changed). A due time the source sent is never
 * touched; a task whose rule is gone loses its SLA due time. Returns how many rows changed.
 */
export async function setSlaDueDates(
  db: DbOrTx,
  rows: { taskId: string; dueAt: Date | null }[],
): Promise<number> {
  let changed = 0;
  for (const row of rows) {
    const written = await db
      .update(tasks)
      .set({ dueAt: row.dueAt, dueSource: row.dueAt ? 'sla' : null })
      .where(
        and(
          eq(tasks.id, row.taskId),
          or(isNull(tasks.dueSource), eq(tasks.dueSource, 'sla')),
          sql`${tasks.dueAt} is distinct from ${row.dueAt?.toISOString() ?? null}::timestamptz`,
        ),
      )
      .returning({ id: tasks.id });
    changed += written.length;
  }
  return changed;
}
