import { expect, test } from 'vitest';
import { toFieldDefs, type YidaFormSchema } from './form-schema';
import { formFiles, mapFormValues, summarize, yidaDate } from './map-values';

const settings = { fieldLabels: {}, timeZone: 'Asia/Shanghai' };

// GetFieldDefByUuid as the doc sample gives it: label, props and children as JSON text.
const defs = toFieldDefs([
  {
    componentName: 'DateField',
    fieldId: 'dateField_use',
    label: JSON.stringify({ use: 'zh_CN', zh_CN: '用车日期', en_US: 'Date', type: 'i18n' }),
    props: '{}',
    children: '[]',
  },
  { componentName: 'CascadeDateField', fieldId: 'cascadeDateField_trip', label: { zh_CN: '行程时间' } },
  {
    componentName: 'SelectField',
    fieldId: 'selectField_car',
    label: { zh_CN: '车型' },
    props: { dataSource: [{ text: '商务车', value: 'van' }] },
  },
  { componentName: 'EmployeeField', fieldId: 'employeeField_with', label: { zh_CN: '随行人员' } },
  { componentName: 'ImageField', fieldId: 'imageField_photo', label: { zh_CN: '现场照片' } },
  {
    componentName: 'TableField',
    fieldId: 'tableField_stops',
    label: { zh_CN: '途经点' },
    children: JSON.stringify([
      { componentName: 'TextField', fieldId: 'textField_stop', label: { zh_CN: '地点' } },
      { componentName: 'DateField', fieldId: 'dateField_at', label: { zh_CN: '到达' } },
    ]),
  },
]);
const schema: YidaFormSchema = new Map(
  defs.flatMap((d) => [[d.fieldId, d] as const, ...d.children.map((c) => [c.fieldId, c] as const)]),
);

const image = JSON.stringify([
  {
    downloadUrl: '/ossFileHandle?appType=APP_X&fileName=APP_X_a.png&instId=&type=download',
    name: '接机牌.png',
    previewUrl: '/ossFileHandle?appType=APP_X&fileName=APP_X_a.png&instId=&type=open',
    size: 68,
    url: '/ossFileHandle?appType=APP_X&fileName=APP_X_a.png&instId=&type=download',
  },
]);

test('values take labels and types from the form definition: dates as dates, choices by label, people by name, sub-tables as rows, files by name', () => {
  const values = mapFormValues(
    settings,
    {
      dateField_use: 1796572800000,
      cascadeDateField_trip: ['1796572800000', '1796659200000'],
      selectField_car: 'van',
      selectField_car_value: 'van',
      employeeField_with: ['李四'],
      employeeField_with_id: ['lisi'],
      imageField_photo: image,
      tableField_stops: JSON.stringify([{ textField_stop: '公司', dateField_at: 1796605200000 }]),
    },
    schema,
  );
  const byId = Object.fromEntries(values.map((v) => [v.id, v]));
  expect(byId.dateField_use).toMatchObject({ name: '用车日期', type: 'DateField', display: '2026-12-07' });
  expect(byId.cascadeDateField_trip).toMatchObject({ name: '行程时间', display: '2026-12-07 ~ 2026-12-08' });
  expect(byId.selectField_car).toMatchObject({ name: '车型', display: '商务车' });
  expect(byId.employeeField_with).toMatchObject({ name: '随行人员', display: '李四' });
  expect(byId.imageField_photo).toMatchObject({
    name: '现场照片',
    type: 'ImageField',
    display: '接机牌.png',
  });
  expect(byId.tableField_stops).toMatchObject({
    name: '途经点',
    type: 'TableField',
    value: [
      [
        { label: '地点', value: '公司' },
        { label: '到达', value: '2026-12-07 09:00' },
      ],
    ],
  });
  expect(values.map((v) => v.id)).not.toContain('selectField_car_value');
  expect(formFiles(values)).toEqual([
    {
      externalFileId: '/ossFileHandle?appType=APP_X&fileName=APP_X_a.png&instId=&type=download',
      fileName: '接机牌.png',
      fileSize: 68,
    },
  ]);
  expect(summarize({ summaryFields: [] }, values)).toBe(
    '用车日期: 2026-12-07 · 行程时间: 2026-12-07 ~ 2026-12-08 · 车型: 商务车',
  );
});

test('an admin rename wins over the definition; without a definition the type comes from the component id', () => {
  const renamed = mapFormValues(
    { ...settings, fieldLabels: { dateField_use: '出车日期' } },
    { dateField_use: 1796572800000 },
    schema,
  );
  expect(renamed[0]).toMatchObject({ name: '出车日期', display: '2026-12-07' });
  const bare = mapFormValues(settings, { dateField_use: 1796572800000, textField_x: 'a' }, null);
  expect(bare[0]).toMatchObject({ name: 'dateField_use', type: 'DateField', display: '2026-12-07' });
  expect(bare[1]).toMatchObject({ name: 'textField_x', type: 'TextField', display: 'a' });
});

test('dates follow the configured time zone', () => {
  expect(yidaDate(1796572800000, 'Asia/Shanghai')).toBe('2026-12-07');
  expect(yidaDate('1796572800000', 'UTC')).toBe('2026-12-06 16:00');
  expect(yidaDate(1796605200000, 'Asia/Shanghai', 'YYYY-MM-DD')).toBe('2026-12-07');
});
