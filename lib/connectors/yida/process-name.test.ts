import { expect, test } from 'vitest';
import { processNameFromTitle } from './process-name';

test("Yida's default title names the form; any other title names nothing", () => {
  expect(processNameFromTitle('李四发起的请购单', '李四')).toBe('请购单');
  expect(processNameFromTitle('张三发起的用车申请', '张三')).toBe('用车申请');
  // A custom title formula, or a title that names someone else: no guess.
  expect(processNameFromTitle('张红的1位访客申请', '张红')).toBeNull();
  expect(processNameFromTitle('李四发起的请购单', '王五')).toBeNull();
  expect(processNameFromTitle('张三发起的', '张三')).toBeNull();
  expect(processNameFromTitle('张三发起的请购单', null)).toBeNull();
  expect(processNameFromTitle(undefined, '张三')).toBeNull();
});
