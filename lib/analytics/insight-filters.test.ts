import { expect, test } from 'vitest';
import { wholeWeeks, withPeriod } from './insight-filters';

test('whole weeks inside a period: Monday to Sunday, ends clipped to days', () => {
  // 2026-11-02 is a Monday, 2026-11-29 a Sunday.
  expect(wholeWeeks('2026-11-02', '2026-11-29')).toEqual({ first: '2026-11-02', last: '2026-11-23' });
  expect(wholeWeeks('2026-11-01', '2026-11-30')).toEqual({ first: '2026-11-02', last: '2026-11-23' });
  expect(wholeWeeks('2026-11-04', '2026-11-26')).toEqual({ first: '2026-11-09', last: '2026-11-16' });
  expect(wholeWeeks('2026-11-03', '2026-11-09')).toBeNull();
  expect(wholeWeeks('2026-11-09', '2026-11-15')).toEqual({ first: '2026-11-09', last: '2026-11-09' });
  expect(wholeWeeks('2026-11-10', '2026-11-20')).toBeNull();
});

test('a period over 92 days is answered per week', () => {
  const day = { granularity: 'day' as const };
  expect(withPeriod({ ...day, from: '2026-01-01', to: '2026-04-02' }, '2026-12-01').granularity).toBe('day');
  expect(withPeriod({ ...day, from: '2026-01-01', to: '2026-04-03' }, '2026-12-01').granularity).toBe('week');
  expect(withPeriod(day, '2026-12-01')).toMatchObject({
    from: '2026-11-02',
    to: '2026-12-01',
    granularity: 'day',
  });
});
