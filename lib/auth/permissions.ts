import { AppError } from '@/lib/errors';
import type { Viewer } from './viewer';

/**
 * Who may do what: pure predicates over the facts a domain function has loaded (style rule 3: authorization
 * lives in the domain function, which loads the row, asks here, and answers 403/404 itself).
 */

/**
 * The one admin rule. Every `…AsAdmin` function starts with it, so a caller that forgot the route's admin
 * level still gets a 403, never the data.
 */
export function assertAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) throw new AppError('forbidden', '需要管理员权限');
}

/** What decides who takes part in an instance: its originator and the assignees of its items (approval or cc). */
export type InstanceParticipants = {
  originatorUserId: string | null;
  /** Assignees of the instance's tasks; a query may narrow them to the viewer, whose presence is what counts. */
  assigneeUserIds: readonly (string | null)[];
  /** People @-mentioned in a comment on this instance (instance_mentions): read access, like a cc. */
  mentionedUserIds?: readonly (string | null)[];
};

/**
 * Invariant 5: an instance (its page, log and attachment bytes) is seen by its originator, the assignee or cc
 * of any of its items, people @-mentioned in a comment on it (that instance only), and admins (explicitly).
 */
export function canSeeInstance(viewer: Viewer, instance: InstanceParticipants): boolean {
  if (viewer.isAdmin) return true;
  return (
    instance.originatorUserId === viewer.userId ||
    instance.assigneeUserIds.includes(viewer.userId) ||
    (instance.mentionedUserIds ?? []).includes(viewer.userId)
  );
}

/**
 * Only the task's assignee acts on it (同意 / 拒绝 / 转交 / 评论); an admin moves someone's task only through
 * the explicit force-reassign path, never by acting as them.
 */
export function canActOnTask(viewer: Viewer, task: { assigneeUserId: string | null }): boolean {
  return task.assigneeUserId !== null && task.assigneeUserId === viewer.userId;
}

/** Only the originator revokes (撤销) an instance. */
/** 催办 (docs/reminders.md): the originator of a request, or an admin. */
export function canUrgeInstance(viewer: Viewer, instance: { originatorUserId: string | null }): boolean {
  return (
    viewer.isAdmin || (instance.originatorUserId !== null && instance.originatorUserId === viewer.userId)
  );
}

export function canRevokeInstance(viewer: Viewer, instance: { originatorUserId: string | null }): boolean {
  return instance.originatorUserId !== null && instance.originatorUserId === viewer.userId;
}

/** A delegation (代理) as the rules see it: who stands in for whom, when, and for which processes. */
export type DelegationGrant = {
  principalUserId: string;
  delegateUserId: string;
  startsAt: Date;
  endsAt: Date;
  /** null = every process. */
  processes: readonly { connectorId: string; processCode: string }[] | null;
  cancelledAt: Date | null;
};

/** Whether a delegation covers one task of its principal at `now`: inside the window and (if limited) its process. */
export function delegationCovers(
  grant: DelegationGrant,
  task: { assigneeUserId: string | null; connectorId: string; processCode: string | null },
  now: Date,
): boolean {
  if (task.assigneeUserId === null || grant.principalUserId !== task.assigneeUserId) return false;
  if (grant.cancelledAt !== null && grant.cancelledAt <= now) return false;
  if (now < grant.startsAt || now >= grant.endsAt) return false;
  if (grant.processes === null) return true;
  return grant.processes.some(
    (p) => p.connectorId === task.connectorId && p.processCode === task.processCode,
  );
}

/**
 * 代理: the viewer acts on someone else's task only as their delegate, inside the delegation's window and
 * processes. One level only: the grant must name the task's own assignee (a delegate's delegate gets nothing).
 */
export function canActOnTaskAsDelegate(
  viewer: Viewer,
  task: { assigneeUserId: string | null; connectorId: string; processCode: string | null },
  grants: readonly DelegationGrant[],
  now: Date,
): boolean {
  if (task.assigneeUserId === null || task.assigneeUserId === viewer.userId) return false;
  return grants.some((g) => g.delegateUserId === viewer.userId && delegationCovers(g, task, now));
}

/** What a viewer may see in 分析 (insights): the whole company, or some departments' figures and requests. */
export type InsightScope = { all: true } | { all: false; departments: string[] };

/**
 * 分析: admins see the company; a manager/analyst sees the departments they manage in the directory (those of
 * their direct reports) plus those an admin granted them; anyone else sees nothing (null → 403).
 */
export function insightScopeFor(
  viewer: Viewer,
  departments: { managed: readonly string[]; granted: readonly string[] },
): InsightScope | null {
  if (viewer.isAdmin) return { all: true };
  const all = [...new Set([...departments.managed, ...departments.granted])].filter((d) => d !== '').sort();
  return all.length > 0 ? { all: false, departments: all } : null;
}

/** A figure or request of a department is inside the scope. */
export function canSeeInsightDepartment(scope: InsightScope, department: string): boolean {
  return scope.all || scope.departments.includes(department);
}
