import { expect, test } from 'vitest';
import { MASK, maskSecrets } from './mask-secrets';

test('masks secret-looking keys at any depth, keeps the rest', () => {
  const payload = {
    eventType: 'bpms_task_change',
    token: 'tok-1',
    data: {
      processInstanceId: 'PI-1',
      systemToken: 'sys-2',
      nested: [{ aesKey: 'k'.repeat(43), sign: 'abc', value: 1 }],
      headers: { Authorization: 'Bearer x', 'x-acs-dingtalk-access-token': 'at' },
    },
    password: null,
    clientSecret: 'cs',
    msg_signature: 'ms',
    apiKey: 'hb_1',
  };
  expect(maskSecrets(payload)).toEqual({
    eventType: 'bpms_task_change',
    token: MASK,
    data: {
      processInstanceId: 'PI-1',
      systemToken: MASK,
      nested: [{ aesKey: MASK, sign: MASK, value: 1 }],
      headers: { Authorization: MASK, 'x-acs-dingtalk-access-token': MASK },
    },
    password: null,
    clientSecret: MASK,
    msg_signature: MASK,
    apiKey: MASK,
  });
  // The input is not modified.
  expect(payload.token).toBe('tok-1');
});

test('scalars and arrays pass through', () => {
  expect(maskSecrets('x')).toBe('x');
  expect(maskSecrets([1, { secret: 's' }])).toEqual([1, { secret: MASK }]);
});
