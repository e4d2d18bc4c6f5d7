import { expect, test } from 'vitest';
import { generateCallbackSecret, signCallbackBody, verifyCallbackSignature } from './callback-signature';
import { instanceUpsertSchema, personRefSchema } from './push-schema';
import { personKey } from './resolve-people';
import { upsertToSnapshot } from './to-snapshot';

const BODY = '{"event":"task.action"}';
// HMAC-SHA256("whsec_test", BODY), computed independently (node -e with crypto.createHmac).
const VECTOR = 'sha256=d61adddc4fba67f43ca50735c90c75c939073a92357b130da851dae2f32674e1';

test('the callback signature is HMAC-SHA256 of the raw body; any changed byte or secret fails', () => {
  expect(signCallbackBody('whsec_test', BODY)).toBe(VECTOR);
  expect(verifyCallbackSignature('whsec_test', BODY, VECTOR)).toBe(true);
  expect(verifyCallbackSignature('whsec_test', BODY.replace('task', 'tusk'), VECTOR)).toBe(false);
  expect(verifyCallbackSignature('whsec_tesT', BODY, VECTOR)).toBe(false);
  expect(verifyCallbackSignature('whsec_test', BODY, null)).toBe(false);
  expect(verifyCallbackSignature('whsec_test', BODY, 'sha256=00')).toBe(false);
  expect(generateCallbackSecret()).not.toBe(generateCallbackSecret());
});

test('a person is exactly one kind of id, keyed by kind', () => {
  expect(personRefSchema.safeParse({ email: 'a@b.example', mobile: '123456' }).success).toBe(false);
  expect(personRefSchema.safeParse({ name: 'only a name' }).success).toBe(false);
  expect(personKey(personRefSchema.parse({ email: 'A@B.example' }))).toBe('email:a@b.example');
  expect(personKey(personRefSchema.parse({ dingtalkUserId: 'u1' }))).toBe('dingtalk:u1');
});

test('an upsert maps to a full-scope snapshot with defaults filled in', () => {
  const snapshot = upsertToSnapshot(
    instanceUpsertSchema.parse({
      externalId: 'X-1',
      title: 't',
      updatedAt: '2026-11-01T10:00:00Z',
      tasks: [
        { externalTaskId: 'a', assignee: { mobile: '13800000000' } },
        { externalTaskId: 'b', assignee: { email: 'b@x.example' }, status: 'done' },
      ],
    }),
  );
  expect(snapshot).toMatchObject({
    status: 'running',
    taskScope: 'full',
    createdAt: '2026-11-01T10:00:00Z',
    sourceUpdatedAt: '2026-11-01T10:00:00Z',
  });
  expect(snapshot.tasks).toMatchObject([
    {
      assigneeExternalId: 'mobile:13800000000',
      kind: 'approval',
      status: 'pending',
      result: null,
      finishedAt: null,
    },
    {
      assigneeExternalId: 'email:b@x.example',
      status: 'done',
      result: 'none',
      finishedAt: '2026-11-01T10:00:00Z',
    },
  ]);
});
