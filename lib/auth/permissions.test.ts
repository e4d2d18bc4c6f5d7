import { expect, test } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertAdmin, canActOnTask, canRevokeInstance, canSeeInstance } from './permissions';
import type { Viewer } from './viewer';

const alice: Viewer = { userId: 'u-alice', name: 'Alice', isAdmin: false };
const bob: Viewer = { userId: 'u-bob', name: 'Bob', isAdmin: false };
const admin: Viewer = { userId: 'u-admin', name: 'Admin', isAdmin: true };

test('assertAdmin lets an admin through and refuses anyone else with forbidden', () => {
  expect(() => assertAdmin(admin)).not.toThrow();
  expect(() => assertAdmin(alice)).toThrow(AppError);
  try {
    assertAdmin(alice);
  } catch (error) {
    expect((error as AppError).code).toBe('forbidden');
  }
});

test('an instance is seen by its originator, its assignees and cc, and admins', () => {
  const instance = { originatorUserId: alice.userId, assigneeUserIds: [bob.userId, null] };
  expect(canSeeInstance(alice, instance)).toBe(true);
  expect(canSeeInstance(bob, instance)).toBe(true);
  expect(canSeeInstance(admin, instance)).toBe(true);
});

test('a second user who takes no part cannot see the instance', () => {
  const instance = { originatorUserId: alice.userId, assigneeUserIds: [alice.userId] };
  expect(canSeeInstance(bob, instance)).toBe(false);
  expect(canSeeInstance(bob, { originatorUserId: null, assigneeUserIds: [null] })).toBe(false);
});

test('someone @-mentioned in a comment sees that instance (like a cc); others still do not', () => {
  const instance = { originatorUserId: alice.userId, assigneeUserIds: [], mentionedUserIds: [bob.userId] };
  expect(canSeeInstance(bob, instance)).toBe(true);
  const carol: Viewer = { userId: 'u-carol', name: 'Carol', isAdmin: false };
  expect(canSeeInstance(carol, instance)).toBe(false);
  expect(canSeeInstance(bob, { originatorUserId: alice.userId, assigneeUserIds: [] })).toBe(false);
});

test('only the assignee acts on a task; an unmapped task is nobody’s, admins included', () => {
  expect(canActOnTask(alice, { assigneeUserId: alice.userId })).toBe(true);
  expect(canActOnTask(bob, { assigneeUserId: alice.userId })).toBe(false);
  expect(canActOnTask(admin, { assigneeUserId: alice.userId })).toBe(false);
  expect(canActOnTask(alice, { assigneeUserId: null })).toBe(false);
});

test('only the originator revokes an instance', () => {
  expect(canRevokeInstance(alice, { originatorUserId: alice.userId })).toBe(true);
  expect(canRevokeInstance(bob, { originatorUserId: alice.userId })).toBe(false);
  expect(canRevokeInstance(admin, { originatorUserId: alice.userId })).toBe(false);
  expect(canRevokeInstance(alice, { originatorUserId: null })).toBe(false);
});
