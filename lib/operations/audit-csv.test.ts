import { expect, test } from 'vitest';
import { CSV_BOM, csvField, csvLine, csvTime } from './audit-csv';

test('plain values pass through; empty for null', () => {
  expect(csvField('task.agree')).toBe('task.agree');
  expect(csvField(42)).toBe('42');
  expect(csvField(null)).toBe('');
  expect(csvField(undefined)).toBe('');
  expect(csvField('张三')).toBe('张三');
});

test('commas, quotes and line breaks are quoted, quotes doubled', () => {
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('line1\nline2')).toBe('"line1\nline2"');
  expect(csvField('cr\rlf')).toBe('"cr\rlf"');
});

test('formula-looking values are neutralised', () => {
  expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  expect(csvField('+1')).toBe("'+1");
  expect(csvField('-2')).toBe("'-2");
  expect(csvField('@sum')).toBe("'@sum");
});

test('objects as JSON, dates as ISO; lines end in CRLF; the BOM is U+FEFF', () => {
  expect(csvField({ remark: 'ok' })).toBe('"{""remark"":""ok""}"');
  expect(csvField(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  expect(csvLine(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  expect(CSV_BOM.charCodeAt(0)).toBe(0xfeff);
});

// The export wrote UTC times that a reader in the company's zone misread by eight hours.
test('times are written in the company time zone with its offset', () => {
  const at = new Date('2026-01-02T20:04:05Z');
  expect(csvTime(at, 'Asia/Shanghai')).toBe('2026-01-03 04:04:05+08:00');
  expect(csvTime(at.toISOString(), 'UTC')).toBe('2026-01-02 20:04:05+00:00');
  expect(csvTime(at, 'America/New_York')).toBe('2026-01-02 15:04:05-05:00');
});
