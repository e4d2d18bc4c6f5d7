import { expect, test } from 'vitest';
import { canStart } from './starters';

const u = { id: '00000000-0000-4000-8000-000000000001', department: '财务部' };

test('everyone may start a definition open to all', () => {
  expect(canStart({ all: true }, u)).toBe(true);
});

test('a named user or a member of a named department may start; others may not', () => {
  expect(canStart({ userIds: [u.id], departments: [] }, u)).toBe(true);
  expect(canStart({ userIds: [], departments: ['财务部'] }, u)).toBe(true);
  expect(canStart({ userIds: [], departments: ['销售部'] }, u)).toBe(false);
  expect(canStart({ userIds: [], departments: ['销售部'] }, { ...u, department: null })).toBe(false);
  expect(canStart({ userIds: [], departments: [] }, u)).toBe(false);
});
