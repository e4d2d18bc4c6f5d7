import { expect, test } from 'vitest';
import { REMARK_MAX_LENGTH, taskActionInputSchema } from './task-action-input';

test('remarks up to DingTalk’s limit of 1024 characters are accepted, longer ones refused', () => {
  expect(REMARK_MAX_LENGTH).toBe(1024);
  for (const action of ['agree', 'refuse', 'comment'] as const) {
    expect(taskActionInputSchema.safeParse({ action, remark: '意'.repeat(1024) }).success, action).toBe(true);
    expect(taskActionInputSchema.safeParse({ action, remark: '意'.repeat(1025) }).success, action).toBe(
      false,
    );
  }
});
