import { expect, test } from 'vitest';
import { inboxFiltersSchema } from './inbox-filters';

test('URL params parse into inbox filters: lists, flags, dates and sort', () => {
  expect(
    inboxFiltersSchema.parse({
      q: '  报销 ',
      source: 'yida,dingtalk',
      status: 'done,acted',
      receivedFrom: '2026-11-01',
      overdue: '1',
      unread: 'true',
      sort: 'due',
    }),
  ).toEqual({
    q: '报销',
    source: ['yida', 'dingtalk'],
    status: ['done', 'acted'],
    receivedFrom: '2026-11-01',
    overdue: true,
    unread: true,
    sort: 'due',
  });
  expect(inboxFiltersSchema.parse({})).toEqual({});
  expect(inboxFiltersSchema.parse({ overdue: '0' })).toEqual({});
});

test('bad filter values are refused with a reason, not guessed', () => {
  for (const bad of [
    { source: 'wechat' },
    { receivedFrom: '2026-13-01' },
    { sort: 'priority' },
    { connectorId: 'not-a-uuid' },
    { q: 'x'.repeat(101) },
  ]) {
    const result = inboxFiltersSchema.safeParse(bad);
    expect(result.success, JSON.stringify(bad)).toBe(false);
  }
});
