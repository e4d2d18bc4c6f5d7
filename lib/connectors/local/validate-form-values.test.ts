import { expect, test } from 'vitest';
import { type FormSchema, formSchemaSchema } from './definition-schema';
import { checkNumberValue, referencedIds, validateFormValues } from './validate-form-values';

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const F1 = '33333333-3333-4333-8333-333333333333';
const F2 = '44444444-4444-4444-8444-444444444444';

const form: FormSchema = formSchemaSchema.parse({
  fields: [
    { key: 'title', label: '事由', type: 'text', required: true, maxLength: 10, pattern: '^[^0-9]*$' },
    { key: 'detail', label: '说明', type: 'textarea', maxLength: 5 },
    { key: 'count', label: '数量', type: 'number', min: 1, max: 10, precision: 0 },
    { key: 'amount', label: '金额', type: 'money', required: true, min: 0, max: 100000 },
    { key: 'day', label: '日期', type: 'date' },
    { key: 'trip', label: '出差时间', type: 'dateRange' },
    {
      key: 'city',
      label: '城市',
      type: 'select',
      options: [
        { value: 'sh', label: '上海' },
        { value: 'bj', label: '北京' },
      ],
    },
    {
      key: 'tags',
      label: '标签',
      type: 'multiSelect',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    { key: 'approver', label: '审批人', type: 'user' },
    { key: 'watchers', label: '知会人', type: 'user', multiple: true },
    { key: 'files', label: '附件', type: 'attachments', maxFiles: 2 },
    {
      key: 'items',
      label: '费用明细',
      type: 'table',
      minRows: 1,
      maxRows: 3,
      columns: [
        { key: 'what', label: '项目', type: 'text', required: true },
        { key: 'cost', label: '金额', type: 'money', required: true },
      ],
    },
  ],
});

const good = {
  title: '差旅',
  detail: '去上海',
  count: 3,
  amount: '1234.50',
  day: '2026-11-23',
  trip: ['2026-11-20', '2026-11-22'],
  city: 'sh',
  tags: ['a', 'b'],
  approver: U1,
  watchers: [U1, U2],
  files: [{ fileId: F1, fileName: 'a.pdf', size: 10, contentType: 'application/pdf' }],
  items: [{ what: '机票', cost: 800 }],
};
const known = { activeUserIds: new Set([U1, U2]), ownFileIds: new Set([F1]) };

const messages = (values: Record<string, unknown>, k = known) =>
  Object.fromEntries(validateFormValues(form, values, k).map((i) => [i.path.join('.'), i.message]));

test('valid values of every type pass', () => {
  expect(validateFormValues(form, good, known)).toEqual([]);
});

test('required fields, unknown keys', () => {
  expect(messages({ ...good, title: '  ', amount: undefined, extra: 1 })).toEqual({
    title: '请填写事由',
    amount: '请填写金额',
    extra: '表单中没有此字段',
  });
});

test('text and textarea: type, length, pattern', () => {
  expect(messages({ ...good, title: 5 }).title).toBe('事由须为文本');
  expect(messages({ ...good, title: '一二三四五六七八九十十' }).title).toBe('事由不能超过 10 个字');
  expect(messages({ ...good, title: 'abc1' }).title).toBe('事由格式不正确');
  expect(messages({ ...good, detail: '123456' }).detail).toBe('说明不能超过 5 个字');
});

test('number: numeric, integer precision, min and max', () => {
  expect(messages({ ...good, count: 'x' }).count).toBe('数量须为数字');
  expect(messages({ ...good, count: 1.5 }).count).toBe('数量须为整数');
  expect(messages({ ...good, count: 0 }).count).toBe('数量不能小于 1');
  expect(messages({ ...good, count: '11' }).count).toBe('数量不能大于 10');
});

test('money: two decimals at most, within range', () => {
  expect(messages({ ...good, amount: '12.345' }).amount).toBe('金额最多两位小数');
  expect(messages({ ...good, amount: 0.1 + 0.2 }).amount).toBeUndefined();
  expect(messages({ ...good, amount: -1 }).amount).toBe('金额不能小于 0');
  expect(messages({ ...good, amount: '1e3' }).amount).toBe('金额须为数字');
});

test('money without a minimum is never negative; a designer minimum below 0 allows it', () => {
  // A 明细 money column with no limits set: ¥-5.00 was accepted before.
  expect(messages({ ...good, items: [{ what: '退款', cost: -5 }] })['items.0.cost']).toBe(
    '费用明细第 1 行：金额不能小于 0',
  );
  expect(messages({ ...good, items: [{ what: '退款', cost: '-0.01' }] })['items.0.cost']).toBe(
    '费用明细第 1 行：金额不能小于 0',
  );
  const money = { key: 'm', label: '金额', type: 'money', required: false } as const;
  expect(checkNumberValue(money, -5)).toEqual({ kind: 'min', n: 0 });
  expect(checkNumberValue(money, 0)).toBeNull();
  expect(checkNumberValue({ ...money, min: -100 }, -5)).toBeNull();
  expect(checkNumberValue({ ...money, max: 10 }, 10.01)).toEqual({ kind: 'max', n: 10 });
  expect(checkNumberValue(money, 1.005)).toEqual({ kind: 'decimals', precision: 2 });
  // Plain numbers have no implicit floor.
  const number = { key: 'n', label: '数', type: 'number', required: false } as const;
  expect(checkNumberValue(number, -5)).toBeNull();
  expect(checkNumberValue({ ...number, min: 0.5, max: 30 }, 31)).toEqual({ kind: 'max', n: 30 });
});

test('date and date range', () => {
  expect(messages({ ...good, day: '2026-02-30' }).day).toBe('日期须为有效日期（YYYY-MM-DD）');
  expect(messages({ ...good, day: '2026/11/23' }).day).toBe('日期须为有效日期（YYYY-MM-DD）');
  expect(messages({ ...good, trip: ['2026-11-22', '2026-11-20'] }).trip).toBe(
    '出差时间的开始日期不能晚于结束日期',
  );
  expect(messages({ ...good, trip: ['2026-11-22'] }).trip).toBe('出差时间须为开始和结束日期');
});

test('select and multi-select options', () => {
  expect(messages({ ...good, city: 'gz' }).city).toBe('城市的选项无效');
  expect(messages({ ...good, tags: ['a', 'z'] }).tags).toBe('标签含无效选项');
  expect(messages({ ...good, tags: ['a', 'a'] }).tags).toBe('标签的选项重复');
  expect(messages({ ...good, tags: 'a' }).tags).toBe('标签须为选项列表');
});

test('user fields: ids that exist and are active; one or many', () => {
  const U3 = '55555555-5555-4555-8555-555555555555';
  expect(messages({ ...good, approver: U3 }).approver).toBe('审批人的人员不存在或已停用');
  expect(messages({ ...good, approver: [U1] }).approver).toBe('审批人只能选择一人');
  expect(messages({ ...good, approver: 'bob' }).approver).toBe('审批人的人员无效');
  expect(messages({ ...good, watchers: U1 }).watchers).toBe('知会人须为人员列表');
  // Without database facts (the browser) only the shape is checked.
  expect(validateFormValues(form, { ...good, approver: U3 })).toEqual([]);
});

test('attachments: uploaded by the submitter, at most maxFiles', () => {
  expect(
    messages({ ...good, files: [{ fileId: F2, fileName: 'b.pdf', size: 1, contentType: 'x' }] }),
  ).toEqual({
    'files.0': '附件的第 1 个文件不存在或不是您上传的',
  });
  expect(messages({ ...good, files: [{ fileName: 'no id' }] })).toEqual({
    'files.0': '附件的第 1 个文件无效',
  });
  expect(messages({ ...good, files: [good.files[0], good.files[0], good.files[0]] }).files).toBe(
    '附件最多 2 个文件',
  );
});

test('table rows: row count, columns checked per row with the row in the path', () => {
  expect(messages({ ...good, items: [] }).items).toBe('费用明细至少 1 行');
  expect(
    messages({
      ...good,
      items: [
        { what: 'a', cost: 1 },
        { what: 'b', cost: 1 },
        { what: 'c', cost: 1 },
        { what: 'd', cost: 1 },
      ],
    }).items,
  ).toBe('费用明细最多 3 行');
  expect(
    messages({
      ...good,
      items: [
        { what: '餐费', cost: 1 },
        { cost: '1.001', other: 1 },
      ],
    }),
  ).toEqual({
    'items.1.other': '明细中没有此列',
    'items.1.what': '费用明细第 2 行：请填写项目',
    'items.1.cost': '费用明细第 2 行：金额最多两位小数',
  });
});

test('values must be an object', () => {
  expect(validateFormValues(form, [] as unknown as Record<string, unknown>)).toEqual([
    { path: [], message: '表单内容须为对象' },
  ]);
});

test('referencedIds collects user ids (also in table rows) and file ids to look up', () => {
  expect(referencedIds(form, good)).toEqual({ userIds: [U1, U2], fileIds: [F1] });
});
