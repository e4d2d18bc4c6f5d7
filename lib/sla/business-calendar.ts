/**
 * The company business calendar and the working-time arithmetic due dates are made of (pure; no database).
 * Days are the company's local dates in its time zone; a date listed as `holiday` is off even on a weekday,
 * a date listed as `workday` (调休) is worked even on a weekend. Working hours are the same on every working
 * day: [start, lunchStart) and [lunchEnd, end) in minutes after local midnight.
 */

export type CalendarDayKind = 'holiday' | 'workday';

export type BusinessCalendar = {
  /** IANA zone of the company (HUIBAN_TIME_ZONE; Asia/Shanghai unless configured). */
  timeZone: string;
  /** ISO weekdays that are working days unless listed otherwise: 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** Minutes after local midnight. */
  workStart: number;
  workEnd: number;
  /** The lunch break inside the working hours, or null for none. */
  lunch: { start: number; end: number } | null;
  /** 'YYYY-MM-DD' → the exception for that date (public holiday or make-up working day). */
  days: ReadonlyMap<string, CalendarDayKind>;
};

const MINUTE = 60_000;
/** No calendar has a run of ten years without a working day: past this the calendar is broken (none defined). */
const MAX_DAYS_SCANNED = 3660;

/** Mon–Fri 09:00–18:00 with lunch 12:00–13:00, no exceptions. */
export function defaultCalendar(timeZone = 'Asia/Shanghai'): BusinessCalendar {
  return {
    timeZone,
    workdays: [1, 2, 3, 4, 5],
    workStart: 9 * 60,
    workEnd: 18 * 60,
    lunch: { start: 12 * 60, end: 13 * 60 },
    days: new Map(),
  };
}

/** Working minutes in one working day (the length of "1 working day"). */
export function workingDayMinutes(cal: BusinessCalendar): number {
  const lunch = cal.lunch ? cal.lunch.end - cal.lunch.start : 0;
  return cal.workEnd - cal.workStart - lunch;
}

/** 'HH:MM' → minutes after midnight. */
export function parseClock(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`not a time of day: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes after midnight → 'HH:MM'. */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Whether a local date ('YYYY-MM-DD') is a working day. */
export function isWorkingDate(date: string, cal: BusinessCalendar): boolean {
  const exception = cal.days.get(date);
  if (exception) return exception === 'workday';
  return cal.workdays.includes(isoWeekday(date));
}

/**
 * The instant `durationMs` of working time after `start`. A start outside working hours counts from the next
 * working moment; a zero duration gives that moment.
 */
export function addWorkingTime(start: Date, durationMs: number, cal: BusinessCalendar): Date {
  if (durationMs < 0) throw new Error('a working duration is not negative');
  let left = durationMs;
  let date = localDate(start, cal.timeZone);
  for (let i = 0; i < MAX_DAYS_SCANNED; i += 1, date = nextDate(date)) {
    if (!isWorkingDate(date, cal)) continue;
    for (const [from, to] of workingIntervals(date, cal)) {
      if (to <= start.getTime()) continue;
      const begin = Math.max(from, start.getTime());
      if (begin + left <= to) return new Date(begin + left);
      left -= to - begin;
    }
  }
  throw new Error('the business calendar has no working time');
}

/** Working time from `a` to `b` in ms; negative when `b` is before `a`. */
export function workingTimeBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  if (b.getTime() < a.getTime()) return -workingTimeBetween(b, a, cal);
  let total = 0;
  let date = localDate(a, cal.timeZone);
  const last = localDate(b, cal.timeZone);
  for (let i = 0; i < MAX_DAYS_SCANNED * 3 && date <= last; i += 1, date = nextDate(date)) {
    if (!isWorkingDate(date, cal)) continue;
    for (const [from, to] of workingIntervals(date, cal)) {
      const begin = Math.max(from, a.getTime());
      const end = Math.min(to, b.getTime());
      if (end > begin) total += end - begin;
    }
  }
  return total;
}

/** A due rule's working time in ms: hours as given, days as that many working-day lengths. */
export function ruleDurationMs(
  rule: { amount: number; unit: 'hours' | 'days' },
  cal: BusinessCalendar,
): number {
  const minutes = rule.unit === 'hours' ? rule.amount * 60 : rule.amount * workingDayMinutes(cal);
  return Math.round(minutes * MINUTE);
}

/** The working intervals of one local working date, as [from, to) epoch ms. */
function workingIntervals(date: string, cal: BusinessCalendar): [number, number][] {
  const at = (minutes: number) => zonedTime(date, minutes, cal.timeZone);
  if (!cal.lunch) return [[at(cal.workStart), at(cal.workEnd)]];
  return [
    [at(cal.workStart), at(cal.lunch.start)],
    [at(cal.lunch.end), at(cal.workEnd)],
  ].filter(([from, to]) => (to ?? 0) > (from ?? 0)) as [number, number][];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function zoneParts(instant: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts;
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = zoneParts(instant, timeZone);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The local date ('YYYY-MM-DD') of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const p = zoneParts(instant.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant of a local date and minute of day in a zone (a wall time in a DST gap moves forward). */
export function zonedTime(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, 0, minutes);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return day === 0 ? 7 : day;
}
