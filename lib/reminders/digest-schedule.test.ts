import { describe, expect, test } from 'vitest';
import { type BusinessCalendar, defaultCalendar } from '@/lib/sla/business-calendar';
import { digestDateDue, localMinutesOf } from './digest-schedule';

/** Mon–Fri, with 2026-10-01 (Thu) a public holiday and 2026-10-10 (Sat) a make-up working day (调休). */
const cal: BusinessCalendar = {
  ...defaultCalendar('Asia/Shanghai'),
  days: new Map([
    ['2026-10-01', 'holiday'],
    ['2026-10-10', 'workday'],
  ]),
};
const at = (local: string) => new Date(`${local}:00+08:00`);
const on = { enabled: true, hour: null };

describe('digestDateDue', () => {
  test('a working day: due from the default hour (09:00 company time), not before', () => {
    expect(digestDateDue(at('2026-09-30T08:59'), on, cal, 9)).toBeNull();
    expect(digestDateDue(at('2026-09-30T09:00'), on, cal, 9)).toBe('2026-09-30');
    expect(digestDateDue(at('2026-09-30T17:30'), on, cal, 9)).toBe('2026-09-30');
  });

  test('the local date is the company zone one: 01:30 UTC is 09:30 in Shanghai', () => {
    expect(digestDateDue(new Date('2026-09-30T01:30:00Z'), on, cal, 9)).toBe('2026-09-30');
    expect(digestDateDue(new Date('2026-09-29T23:30:00Z'), on, cal, 9)).toBeNull();
  });

  test('a public holiday on a weekday is skipped; an ordinary Sunday too', () => {
    expect(digestDateDue(at('2026-10-01T10:00'), on, cal, 9)).toBeNull();
    expect(digestDateDue(at('2026-10-04T10:00'), on, cal, 9)).toBeNull();
  });

  test('a make-up working Saturday (调休) gets one', () => {
    expect(digestDateDue(at('2026-10-10T09:05'), on, cal, 9)).toBe('2026-10-10');
    expect(digestDateDue(at('2026-10-17T09:05'), on, cal, 9)).toBeNull();
  });

  test("the user's own hour wins over the default; off means never", () => {
    expect(digestDateDue(at('2026-09-30T09:30'), { enabled: true, hour: 14 }, cal, 9)).toBeNull();
    expect(digestDateDue(at('2026-09-30T14:00'), { enabled: true, hour: 14 }, cal, 9)).toBe('2026-09-30');
    expect(digestDateDue(at('2026-09-30T07:00'), { enabled: true, hour: 7 }, cal, 9)).toBe('2026-09-30');
    expect(digestDateDue(at('2026-09-30T12:00'), { enabled: false, hour: null }, cal, 9)).toBeNull();
  });

  test('another company zone moves the day boundary', () => {
    const berlin = { ...cal, timeZone: 'Europe/Berlin' };
    // 08:30 UTC is 10:30 in Berlin (summer time) on Wednesday 2026-09-30.
    expect(digestDateDue(new Date('2026-09-30T08:30:00Z'), on, berlin, 9)).toBe('2026-09-30');
    expect(digestDateDue(new Date('2026-09-30T06:30:00Z'), on, berlin, 9)).toBeNull();
  });
});

test('localMinutesOf: minutes since the company-local midnight', () => {
  expect(localMinutesOf(at('2026-09-30T09:15'), cal)).toBe(9 * 60 + 15);
  expect(localMinutesOf(at('2026-09-30T00:00'), cal)).toBe(0);
});
