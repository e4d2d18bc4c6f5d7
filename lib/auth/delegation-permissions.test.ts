import { expect, test } from 'vitest';
import { canActOnTask, canActOnTaskAsDelegate, type DelegationGrant, delegationCovers } from './permissions';
import type { Viewer } from './viewer';

const wang: Viewer = { userId: 'u-wang', name: '王五', isAdmin: false };
const li: Viewer = { userId: 'u-li', name: '李四', isAdmin: false };
const zhao: Viewer = { userId: 'u-zhao', name: '赵六', isAdmin: false };
const admin: Viewer = { userId: 'u-admin', name: 'Admin', isAdmin: true };

const start = new Date('2026-12-01T00:00:00Z');
const end = new Date('2026-12-10T00:00:00Z');
const inside = new Date('2026-12-05T00:00:00Z');
const grant: DelegationGrant = {
  principalUserId: wang.userId,
  delegateUserId: li.userId,
  startsAt: start,
  endsAt: end,
  processes: null,
  cancelledAt: null,
};
const task = { assigneeUserId: wang.userId, connectorId: 'c1', processCode: 'PROC-A' };

test('the delegate may act on the principal’s task inside the window', () => {
  expect(canActOnTaskAsDelegate(li, task, [grant], inside)).toBe(true);
  // Still not as the assignee: the plain rule is unchanged.
  expect(canActOnTask(li, task)).toBe(false);
});

test('a second user who is not the delegate cannot act, nor can an admin through a delegation', () => {
  expect(canActOnTaskAsDelegate(zhao, task, [grant], inside)).toBe(false);
  expect(canActOnTaskAsDelegate(admin, task, [grant], inside)).toBe(false);
});

test('outside the window (before the start, at and after the end) the delegate gets nothing', () => {
  expect(canActOnTaskAsDelegate(li, task, [grant], new Date(start.getTime() - 1))).toBe(false);
  expect(canActOnTaskAsDelegate(li, task, [grant], start)).toBe(true);
  expect(canActOnTaskAsDelegate(li, task, [grant], end)).toBe(false);
});

test('a cancelled delegation stops at its cancellation', () => {
  const cancelled = { ...grant, cancelledAt: new Date('2026-12-03T00:00:00Z') };
  expect(canActOnTaskAsDelegate(li, task, [cancelled], new Date('2026-12-02T00:00:00Z'))).toBe(true);
  expect(canActOnTaskAsDelegate(li, task, [cancelled], inside)).toBe(false);
});

test('a delegation limited to processes covers only those (connector and code)', () => {
  const limited = { ...grant, processes: [{ connectorId: 'c1', processCode: 'PROC-B' }] };
  expect(delegationCovers(limited, task, inside)).toBe(false);
  expect(delegationCovers(limited, { ...task, processCode: 'PROC-B' }, inside)).toBe(true);
  expect(delegationCovers(limited, { ...task, connectorId: 'c2', processCode: 'PROC-B' }, inside)).toBe(
    false,
  );
});

test('one level only: the delegate of the delegate gets nothing of the principal', () => {
  const chained: DelegationGrant = { ...grant, principalUserId: li.userId, delegateUserId: zhao.userId };
  expect(canActOnTaskAsDelegate(zhao, task, [grant, chained], inside)).toBe(false);
});

test('a grant for someone else’s tasks does not cover this task; an unassigned task is nobody’s', () => {
  const other: DelegationGrant = { ...grant, principalUserId: zhao.userId };
  expect(canActOnTaskAsDelegate(li, task, [other], inside)).toBe(false);
  expect(canActOnTaskAsDelegate(li, { ...task, assigneeUserId: null }, [grant], inside)).toBe(false);
});
