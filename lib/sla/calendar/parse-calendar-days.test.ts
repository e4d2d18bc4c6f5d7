import { expect, test } from 'vitest';
import { normalizeDate, parseCalendarDays } from './parse-calendar-days';

test('a pasted list: English and Chinese kinds, names, comments and blank lines', () => {
  const { days, issues } = parseCalendarDays(
    [
      '# 2026 国庆',
      '2026-10-01 holiday 国庆节',
      '',
      '2026/10/2 节假日',
      '2026-10-11 workday',
      '2026-10-10 调休 国庆调休',
    ].join('\n'),
  );
  expect(issues).toEqual([]);
  expect(days).toEqual([
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-02', kind: 'holiday', name: null },
    { date: '2026-10-10', kind: 'workday', name: '国庆调休' },
    { date: '2026-10-11', kind: 'workday', name: null },
  ]);
});

test('CSV with a header and a BOM; the last line of a repeated date wins', () => {
  const { days, issues } = parseCalendarDays(
    '\uFEFFdate,kind,name\r\n2026-01-01,holiday,元旦\r\n2026-01-01,workday\r\n',
  );
  expect(issues).toEqual([]);
  expect(days).toEqual([{ date: '2026-01-01', kind: 'workday', name: null }]);
});

test('lines that do not parse are reported by number, the others still parse', () => {
  const { days, issues } = parseCalendarDays(
    '2026-02-30 holiday\n2026-05-01 party\nnot a date\n2026-05-01 holiday',
  );
  expect(days).toEqual([{ date: '2026-05-01', kind: 'holiday', name: null }]);
  expect(issues.map((i) => i.line)).toEqual([1, 2, 3]);
});

test('dates are real calendar dates', () => {
  expect(normalizeDate('2026-2-3')).toBe('2026-02-03');
  expect(normalizeDate('2026-13-01')).toBeNull();
  expect(normalizeDate('2024-02-29')).toBe('2024-02-29');
  expect(normalizeDate('2026-02-29')).toBeNull();
});
