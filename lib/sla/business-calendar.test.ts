import { expect, test } from 'vitest';
import {
  addWorkingTime,
  type BusinessCalendar,
  defaultCalendar,
  isWorkingDate,
  localDate,
  ruleDurationMs,
  workingDayMinutes,
  workingTimeBetween,
} from './business-calendar';

const HOUR = 3_600_000;
/** Shanghai wall time (UTC+8, no DST) as an instant. */
const sh = (text: string) => new Date(`${text}+08:00`);

// 2026: National Day 10-01 (Thu) … 10-07 (Wed) off; Saturday 10-10 is a make-up working day (调休).
const calendar: BusinessCalendar = {
  ...defaultCalendar('Asia/Shanghai'),
  days: new Map([
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'holiday'] as const),
    ['2026-10-10', 'workday'] as const,
  ]),
};

test('working dates: weekdays, weekends, holidays and a 调休 Saturday', () => {
  expect(isWorkingDate('2026-09-30', calendar)).toBe(true); // Wednesday
  expect(isWorkingDate('2026-10-01', calendar)).toBe(false); // holiday on a Thursday
  expect(isWorkingDate('2026-10-10', calendar)).toBe(true); // 调休 Saturday
  expect(isWorkingDate('2026-10-11', calendar)).toBe(false); // ordinary Sunday
  expect(workingDayMinutes(calendar)).toBe(8 * 60);
});

test('within one day the lunch break does not count', () => {
  expect(addWorkingTime(sh('2026-09-28T10:00:00'), 3 * HOUR, calendar)).toEqual(sh('2026-09-28T14:00:00'));
  expect(workingTimeBetween(sh('2026-09-28T11:00:00'), sh('2026-09-28T14:00:00'), calendar)).toBe(2 * HOUR);
});

test('across a weekend: Friday afternoon to Monday', () => {
  // Fri 16:00 + 4 h = Fri 16–18 (2 h) + Mon 09–11 (2 h).
  expect(addWorkingTime(sh('2026-09-25T16:00:00'), 4 * HOUR, calendar)).toEqual(sh('2026-09-28T11:00:00'));
  expect(workingTimeBetween(sh('2026-09-25T16:00:00'), sh('2026-09-28T11:00:00'), calendar)).toBe(4 * HOUR);
});

test('across the National Day holiday, landing on the 调休 Saturday', () => {
  // Wed 09-30 14:00 + 1 working day (8 h) = 09-30 14–18 (4 h), then nothing until Thu 10-08 09–12, 13–14 (4 h).
  const due = addWorkingTime(
    sh('2026-09-30T14:00:00'),
    ruleDurationMs({ amount: 1, unit: 'days' }, calendar),
    calendar,
  );
  expect(due).toEqual(sh('2026-10-08T14:00:00'));
  // From Fri 10-09 15:00, 6 h: Fri 15–18 (3 h), then the 调休 Saturday 09–12 (3 h).
  expect(addWorkingTime(sh('2026-10-09T15:00:00'), 6 * HOUR, calendar)).toEqual(sh('2026-10-10T12:00:00'));
  // And Sunday 10-11 is a weekend day again: 1 h more than a full Saturday goes to Monday.
  expect(addWorkingTime(sh('2026-10-10T09:00:00'), 9 * HOUR, calendar)).toEqual(sh('2026-10-12T10:00:00'));
  expect(workingTimeBetween(sh('2026-09-30T00:00:00'), sh('2026-10-12T00:00:00'), calendar)).toBe(
    8 * HOUR * 4, // 09-30, 10-08, 10-09, 10-10
  );
});

test('a start outside working hours counts from the next working moment', () => {
  expect(addWorkingTime(sh('2026-10-03T20:00:00'), 0, calendar)).toEqual(sh('2026-10-08T09:00:00'));
  expect(addWorkingTime(sh('2026-09-28T12:30:00'), HOUR, calendar)).toEqual(sh('2026-09-28T14:00:00'));
  expect(addWorkingTime(sh('2026-09-28T07:00:00'), HOUR, calendar)).toEqual(sh('2026-09-28T10:00:00'));
});

test('end of a working day is exact (18:00, not the next morning)', () => {
  expect(addWorkingTime(sh('2026-09-28T09:00:00'), 8 * HOUR, calendar)).toEqual(sh('2026-09-28T18:00:00'));
});

test('time between is signed and zero outside working hours', () => {
  expect(workingTimeBetween(sh('2026-09-28T14:00:00'), sh('2026-09-28T11:00:00'), calendar)).toBe(-2 * HOUR);
  expect(workingTimeBetween(sh('2026-10-01T09:00:00'), sh('2026-10-07T18:00:00'), calendar)).toBe(0);
});

test('without a lunch break the day is continuous; local dates are in the company zone', () => {
  const noLunch = { ...calendar, lunch: null };
  expect(addWorkingTime(sh('2026-09-28T11:00:00'), 2 * HOUR, noLunch)).toEqual(sh('2026-09-28T13:00:00'));
  expect(workingDayMinutes(noLunch)).toBe(9 * 60);
  // 2026-09-27T17:00Z is already Monday 01:00 in Shanghai.
  expect(localDate(new Date('2026-09-27T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-09-28');
});

test('a zone with daylight saving: wall-clock hours stay wall-clock hours', () => {
  // Berlin switches to summer time on Sunday 2026-03-29; Friday 17:00 + 2 h = Monday 10:00 local (+02:00).
  const berlin = { ...defaultCalendar('Europe/Berlin') };
  expect(addWorkingTime(new Date('2026-03-27T17:00:00+01:00'), 2 * HOUR, berlin)).toEqual(
    new Date('2026-03-30T10:00:00+02:00'),
  );
});

test('a calendar without working days is an error, not an endless loop', () => {
  expect(() =>
    addWorkingTime(sh('2026-09-28T09:00:00'), HOUR, { ...calendar, workdays: [], days: new Map() }),
  ).toThrow(/no working time/);
});
