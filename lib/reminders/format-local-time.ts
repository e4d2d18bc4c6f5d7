import type { Locale } from '@/lib/i18n/locales';

/** A time as a notice says it: month, day and clock time in the company zone, in the reader's language. */
export function formatLocalTime(instant: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
