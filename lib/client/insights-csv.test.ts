import { expect, test } from 'vitest';
import { toCsv } from './insights-csv';

test('CSV: BOM first, CRLF lines, quoting, no formula injection, numbers as they are', () => {
  const csv = toCsv(
    ['流程', 'P50'],
    [
      ['请假, 年假', 3600],
      ['say "hi"', null],
      ['=HYPERLINK("x")', -5],
    ],
  );
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.slice(1).split('\r\n')).toEqual([
    '流程,P50',
    '"请假, 年假",3600',
    '"say ""hi""",',
    `"'=HYPERLINK(""x"")",-5`,
    '',
  ]);
});
