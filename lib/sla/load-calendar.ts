import type { DbOrTx } from '@/db/client';
import { businessCalendar, calendarDays } from '@/db/schema';
import { displayTimeZone } from '@/lib/env';
import { type BusinessCalendar, type CalendarDayKind, defaultCalendar } from './business-calendar';

/**
 * The company business calendar as the working-time arithmetic takes it: the stored week (or the default one)
 * and every listed date, in the company time zone. A few hundred dates at most (a handful per year).
 */
export async function loadBusinessCalendar(db: DbOrTx): Promise<BusinessCalendar> {
  const [week] = await db.select().from(businessCalendar).limit(1);
  const days = await db.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays);
  const base = defaultCalendar(displayTimeZone());
  return {
    ...base,
    ...(week
      ? {
          workdays: week.workdays,
          workStart: week.workStart,
          workEnd: week.workEnd,
          lunch:
            week.lunchStart !== null && week.lunchEnd !== null
              ? { start: week.lunchStart, end: week.lunchEnd }
              : null,
        }
      : {}),
    days: new Map(days.map((d) => [d.date, d.kind as CalendarDayKind])),
  };
}
