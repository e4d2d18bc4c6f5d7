import { expect, test } from 'vitest';
import { buildLocalSnapshot } from './build-snapshot';
import { formSchemaSchema } from './definition-schema';
import { initialState } from './engine';

test('table rows become labelled cells in column order; other values stay as submitted', () => {
  const form = formSchemaSchema.parse({
    fields: [
      { key: 'reason', label: '事由', type: 'text' },
      {
        key: 'items',
        label: '费用明细',
        type: 'table',
        columns: [
          { key: 'item', label: '项目', type: 'text' },
          { key: 'cost', label: '金额', type: 'money' },
        ],
      },
    ],
  });
  const snapshot = buildLocalSnapshot({
    runId: 'run-1',
    state: initialState({}, new Date('2026-11-23T08:00:00Z')),
    form,
    values: { reason: '出差', items: [{ cost: 120.5, item: '高铁' }, { item: '酒店' }] },
    definition: { key: 'expense', name: '报销' },
    originator: { userId: 'u-1', name: '李四' },
    userNames: new Map(),
    stepNames: new Map(),
  });
  expect(snapshot.formValues?.[0]).toMatchObject({ name: '事由', value: '出差' });
  expect(snapshot.formValues?.[1]?.value).toEqual([
    [
      { label: '项目', value: '高铁' },
      { label: '金额', value: 120.5 },
    ],
    [
      { label: '项目', value: '酒店' },
      { label: '金额', value: null },
    ],
  ]);
});
