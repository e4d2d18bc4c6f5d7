import { expect, test } from 'vitest';
import { z } from 'zod';
import { draftIssuesOf } from '@/lib/connectors/local/workflows/workflow-view';
import { AppError, toErrorResponse } from '@/lib/errors';
import { messagesOf } from './translate';
import { localizeIssue as localizeWith } from './zod-issues';

const localizeIssue = (locale: 'zh-CN' | 'en-US', issue: Parameters<typeof localizeWith>[1]) =>
  localizeWith(messagesOf(locale), issue);

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return AppError.fromZod(result.error, 'body').issues!;
}

// The designer showed zod's English ("Too small: expected array to have >=1 items") in the Chinese UI.
test("a draft's issues are said in the UI language, never in zod's English", () => {
  const issues = draftIssuesOf({ form: { fields: [] }, steps: [], options: {} });
  expect(issues.length).toBeGreaterThan(0);
  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const issue of issues) {
      const text = localizeIssue(locale, issue);
      expect(text).not.toMatch(/Too small|Invalid input|expected array/);
      if (locale === 'zh-CN') expect(text).toMatch(/\p{Script=Han}/u);
    }
  }
  const steps = issues.find((i) => i.path === 'steps');
  expect(steps && localizeIssue('zh-CN', steps)).toBe('至少要有一项');
  expect(steps && localizeIssue('en-US', steps)).toBe('Add at least one item');
});

test('limits, formats and types are filled in; a schema’s own words are kept; keyed messages translated', () => {
  const schema = z.object({
    name: z.string().min(3),
    note: z.string().max(2),
    amount: z.number().min(0),
    url: z.url(),
    count: z.number(),
    kind: z.enum(['a', 'b']),
    own: z.string().min(1, '请填写名称'),
    range: z.string().refine(() => false, { message: 'validation:range.fromAfterTo' }),
  });
  const issues = issuesOf(schema, {
    name: 'ab',
    note: 'abc',
    amount: -1,
    url: 'nope',
    count: 'x',
    kind: 'c',
    own: '',
    range: 'x',
  });
  const zh = Object.fromEntries(issues.map((i) => [i.path, localizeIssue('zh-CN', i)]));
  const en = Object.fromEntries(issues.map((i) => [i.path, localizeIssue('en-US', i)]));
  expect(zh).toEqual({
    'body.name': '至少 3 个字符',
    'body.note': '最多 2 个字符',
    'body.amount': '不能小于 0',
    'body.url': '请输入正确的网址',
    'body.count': '格式不正确（应为数字）',
    'body.kind': '只能是：a, b',
    'body.own': '请填写名称',
    'body.range': '开始时间不能晚于结束时间',
  });
  expect(en['body.amount']).toBe('Must be 0 or more');
  expect(en['body.range']).toBe('The start must not be after the end');
  expect(localizeIssue('en-US', issuesOf(z.object({ x: z.string() }), {})[0]!)).toBe('Required');
});

test('server messages written as keys are sent in the caller’s language, English by default', () => {
  const error = new AppError('not_found', 'errors:notFound.connector', {
    issues: [{ path: 'query.to', message: 'validation:range.fromAfterTo' }],
  });
  expect(toErrorResponse(error, 'r', 'zh-CN').body.error).toMatchObject({
    message: '连接器不存在',
    issues: [{ message: '开始时间不能晚于结束时间' }],
  });
  expect(toErrorResponse(error).body.error.message).toBe('No such connector');
  expect(toErrorResponse(new AppError('conflict', '已存在')).body.error.message).toBe('已存在');
});
