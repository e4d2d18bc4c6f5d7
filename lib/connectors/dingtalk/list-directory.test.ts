import { expect, test } from 'vitest';
import { parseContactChange, toUserProfile } from './list-directory';
import { parseCallbackEvent, parseStreamEvent } from './parse-event';

test('contact events (§7.3) become directory changes; other types are not', () => {
  expect(parseContactChange('user_add_org', { timeStamp: '1', userId: ['u1', 'u2'] })).toEqual({
    action: 'upsert',
    externalUserIds: ['u1', 'u2'],
  });
  expect(
    parseContactChange('user_modify_org', {
      userId: ['u1'],
      diffInfo: { userid: 'u1', prev: { name: 'a' }, curr: { name: 'b' } },
    }),
  ).toEqual({ action: 'upsert', externalUserIds: ['u1'] });
  // Legacy HTTP envelope: UserId.
  expect(parseContactChange('user_leave_org', { EventType: 'user_leave_org', UserId: ['u3'] })).toEqual({
    action: 'leave',
    externalUserIds: ['u3'],
  });
  expect(parseContactChange('user_leave_org', { userId: [1, '', null] })).toEqual({
    action: 'leave',
    externalUserIds: [],
  });
  expect(parseContactChange('bpms_task_change', { userId: ['u1'] })).toBeNull();
});

test('contact events are stored for processing, not rejected, on both transports', () => {
  const stream = parseStreamEvent({
    eventId: 'ev1',
    eventType: 'user_add_org',
    data: { userId: ['u1'] },
    rawData: '{"userId":["u1"]}',
  });
  expect(stream).toMatchObject({ sourceEventId: 'ev1', type: 'user_add_org', instanceExternalId: null });
  expect(stream.rejection).toBeNull();
  const http = parseCallbackEvent(
    JSON.stringify({ EventType: 'user_leave_org', eventId: 'ev2', UserId: ['u2'] }),
  );
  expect(http).toMatchObject({ sourceEventId: 'ev2', type: 'user_leave_org', rejection: null });
  expect(
    parseStreamEvent({ eventId: 'e', eventType: 'org_dept_create', data: {}, rawData: '{}' }).rejection,
  ).toBe('unsupported event type org_dept_create');
});

test('a user/list item maps to the directory facts Huiban keeps; empty strings are absent', () => {
  expect(
    toUserProfile('u1', {
      userid: 'u1',
      unionid: 'un1',
      name: '张一',
      mobile: '',
      email: '',
      org_email: 'zy@corp.example',
      job_number: 'E1',
      manager_userid: 'm1',
      dept_id_list: [1, 23],
      active: false,
    }),
  ).toEqual({
    externalUserId: 'u1',
    name: '张一',
    unionId: 'un1',
    mobile: null,
    email: 'zy@corp.example',
    jobNumber: 'E1',
    managerExternalId: 'm1',
    departments: ['1', '23'],
    active: false,
  });
});
