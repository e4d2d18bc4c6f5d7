import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { processSettings } from '@/db/schema';
import { addWorkingTime, type BusinessCalendar, ruleDurationMs } from './business-calendar';
import { loadBusinessCalendar } from './load-calendar';
import type { SlaDurationInput } from './sla-rule';

/** A task's due time: its arrival plus the rule's working time on the calendar. */
export function dueAtFor(receivedAt: Date, rule: SlaDurationInput, cal: BusinessCalendar): Date {
  return addWorkingTime(receivedAt, ruleDurationMs(rule, cal), cal);
}

/**
 * Due times for the tasks of one instance as it is written (applySnapshot): the step's own rule wins over the
 * process's SLA. The calendar and the process setting are read once, and only when some task needs them.
 */
export function createDueDateResolver(
  db: DbOrTx,
  process: { connectorId: string; processCode: string | null },
) {
  let loaded: Promise<{ cal: BusinessCalendar; processRule: SlaDurationInput | null }> | null = null;
  const load = async () => {
    const [setting] = process.processCode
      ? await db
          .select({ sla: processSettings.sla })
          .from(processSettings)
          .where(
            and(
              eq(processSettings.connectorId, process.connectorId),
              eq(processSettings.processCode, process.processCode),
            ),
          )
      : [];
    return { cal: await loadBusinessCalendar(db), processRule: setting?.sla ?? null };
  };
  return async (receivedAt: Date, stepRule: SlaDurationInput | null | undefined): Promise<Date | null> => {
    loaded ??= load();
    const { cal, processRule } = await loaded;
    const rule = stepRule ?? processRule;
    return rule ? dueAtFor(receivedAt, rule, cal) : null;
  };
}
