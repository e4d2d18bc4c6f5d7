import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, processSettings, tasks } from '@/db/schema';
import { setSlaDueDates } from '@/lib/tasks/write/set-sla-due-dates';
import { dueAtFor } from '../compute-due-at';
import { loadBusinessCalendar } from '../load-calendar';

const BATCH = 500;

/**
 * Recomputes the SLA due times of open tasks after a process SLA (one process) or the business calendar (all)
 * changed: each pending approval task whose due time did not come from its source gets arrival + its step's or
 * its process's rule on the current calendar. Idempotent (a second run changes nothing); paged by task id so a
 * large backlog is done in short transactions.
 */
export async function recomputeDueDates(
  db: Db,
  scope: { connectorId?: string | null; processCode?: string | null } = {},
): Promise<{ scanned: number; changed: number }> {
  const cal = await loadBusinessCalendar(db);
  let after = '00000000-0000-0000-0000-000000000000';
  let scanned = 0;
  let changed = 0;
  for (;;) {
    const page = await db
      .select({
        id: tasks.id,
        receivedAt: tasks.receivedAt,
        stepSla: tasks.stepSla,
        processSla: processSettings.sla,
      })
      .from(tasks)
      .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
      .leftJoin(
        processSettings,
        and(
          eq(processSettings.connectorId, tasks.connectorId),
          eq(processSettings.processCode, processInstances.processCode),
        ),
      )
      .where(
        and(
          gt(tasks.id, after),
          eq(tasks.kind, 'approval'),
          eq(tasks.status, 'pending'),
          or(isNull(tasks.dueSource), eq(tasks.dueSource, 'sla')),
          scope.connectorId ? eq(tasks.connectorId, scope.connectorId) : undefined,
          scope.processCode ? eq(processInstances.processCode, scope.processCode) : undefined,
          // Nothing to do for a task that has no rule and no SLA due time.
          sql`(${tasks.stepSla} is not null or ${processSettings.sla} is not null or ${tasks.dueSource} = 'sla')`,
        ),
      )
      .orderBy(asc(tasks.id))
      .limit(BATCH);
    if (page.length === 0) break;
    scanned += page.length;
    after = page[page.length - 1]?.id ?? after;
    const rows = page.map((t) => {
      const rule = t.stepSla ?? t.processSla;
      return { taskId: t.id, dueAt: rule ? dueAtFor(t.receivedAt, rule, cal) : null };
    });
    changed += await db.transaction((tx) => setSlaDueDates(tx, rows));
    if (page.length < BATCH) break;
  }
  return { scanned, changed };
}
