import { type BusinessCalendar, isWorkingDate, localDate, zonedTime } from '@/lib/sla/business-calendar';

export type DigestPreference = {
  enabled: boolean;
  /** The company-local hour (0–23) the user chose; null = the default hour. */
  hour: number | null;
};

/**
 * The schedule math of the daily digest (pure; docs/reminders.md): the company-local date a user's digest is due
 * for at `now`, or null. Due from the chosen hour (default `defaultHour`) until the end of that local day, on
 * working days of the business calendar only: a public holiday is skipped even on a weekday, a make-up working
 * day (调休) counts even on a Saturday. Whether it was already sent that day is the caller's (the claim row).
 */
export function digestDateDue(
  now: Date,
  pref: DigestPreference,
  cal: BusinessCalendar,
  defaultHour: number,
): string | null {
  if (!pref.enabled) return null;
  const date = localDate(now, cal.timeZone);
  if (!isWorkingDate(date, cal)) return null;
  return now.getTime() >= digestTime(date, pref.hour ?? defaultHour, cal) ? date : null;
}

/** The instant of a local date's digest hour in the company zone. */
export function digestTime(date: string, hour: number, cal: BusinessCalendar): number {
  return zonedTime(date, hour * 60, cal.timeZone);
}

/** The minutes since the company-local midnight of `now` (which hours' digests are due). */
export function localMinutesOf(now: Date, cal: BusinessCalendar): number {
  const date = localDate(now, cal.timeZone);
  return Math.floor((now.getTime() - zonedTime(date, 0, cal.timeZone)) / 60_000);
}
