import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Locale } from '@/lib/i18n/locales';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The named display formats; a page picks one by what the reader needs, never writes a pattern itself. */
const FORMATS = {
  /** A calendar day. */
  date: 'YYYY-MM-DD',
  /** The default: when something happened or is due. */
  dateTime: 'YYYY-MM-DD HH:mm',
  /** Logs and audit trails, where order within a minute matters. */
  dateTimeSeconds: 'YYYY-MM-DD HH:mm:ss',
  /** Event details for debugging ordering. */
  precise: 'YYYY-MM-DD HH:mm:ss.SSS',
  /** Dense tables of recent things (this year). */
  dayTime: 'MM-DD HH:mm',
  dayTimeSeconds: 'MM-DD HH:mm:ss',
  /** Chart axes within a day. */
  clock: 'HH:mm',
} as const;

export type TimeFormat = keyof typeof FORMATS;
/** How a date picker's value travels in URLs, forms and the API (not a display format). */
export const DATE_VALUE_FORMAT = 'YYYY-MM-DD';
type TimeValue = string | number | Date | null | undefined;

// Set once from the server's configuration (HUIBAN_TIME_ZONE through AppProviders), the same on server and client
// so the first paint and hydration agree whatever zone the machine or the browser is in.
let zone = DEFAULT_TIME_ZONE;

export function setDisplayTimeZone(timeZone: string): void {
  zone = timeZone;
}

/** `formatTime(row.receivedAt)` → 2024-05-01 09:30 (Asia/Shanghai); empty values → `fallback`. */
export function formatTime(value: TimeValue, format: TimeFormat = 'dateTime', fallback = '—'): string {
  if (value === null || value === undefined || value === '') return fallback;
  // A bare date or wall-clock time (a form value such as 2024-05-01 or 2024-05-01 10:00) has no zone;
  // converting it would move it to another hour or day.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value))
    return dayjs(value).format(FORMATS[format]);
  const d = dayjs(value);
  return d.isValid() ? d.tz(zone).format(FORMATS[format]) : String(value);
}

/**
 * "3 小时前" / "3 hours ago", counted to `now` (useNow(): the server's clock until hydrated, then this browser's).
 * Never to the clock at render time alone: the server and the hydrating browser would read different clocks
 * (a skewed phone, or a threshold such as 45 s crossed in between) and render different text.
 */
export function formatRelative(value: TimeValue, locale: Locale, now?: TimeValue): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = dayjs(value).locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return now === null || now === undefined || now === '' ? d.fromNow() : d.from(dayjs(now));
}
