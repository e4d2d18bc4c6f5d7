import { type BusinessCalendar, workingDayMinutes } from './business-calendar';

/** A working-time span as people say it: whole working days (of the calendar's day length), hours, minutes. */
export type WorkingDuration = { days: number; hours: number; minutes: number };

export function splitWorkingDuration(ms: number, cal: BusinessCalendar): WorkingDuration {
  const total = Math.max(0, Math.floor(ms / 60_000));
  const day = workingDayMinutes(cal);
  const days = day > 0 ? Math.floor(total / day) : 0;
  const rest = total - days * day;
  return { days, hours: Math.floor(rest / 60), minutes: rest % 60 };
}
