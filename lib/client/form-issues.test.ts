import { expect, test } from 'vitest';
import { issuesToFieldErrors } from './form-issues';

const fields = [
  { key: 'reason', type: 'textarea' },
  { key: 'items', type: 'table' },
  { key: 'files', type: 'attachments' },
];

test('array and dotted paths under values land on the field, table cells on [key, row, column]', () => {
  const result = issuesToFieldErrors(
    [
      { path: ['values', 'reason'], message: '请填写报销事由' },
      { path: 'values.items.1.amount', message: '须为数字' },
      { path: ['values', 'files', 0], message: '附件不存在' },
      { path: 'body.values.files.1', message: '附件不存在' },
    ],
    fields,
  );
  expect(result.fields).toEqual([
    { name: ['reason'], errors: ['请填写报销事由'] },
    { name: ['items', 1, 'amount'], errors: ['须为数字'] },
    { name: ['files'], errors: ['附件不存在'] },
  ]);
  expect(result.other).toEqual([]);
});

test('issues naming no known field are kept apart for a page-level message', () => {
  const result = issuesToFieldErrors(
    [
      { path: ['values'], message: '表单内容须为对象' },
      { path: 'values.ghost', message: '表单中没有此字段' },
    ],
    fields,
  );
  expect(result.fields).toEqual([]);
  expect(result.other).toEqual(['表单内容须为对象', '表单中没有此字段']);
});
