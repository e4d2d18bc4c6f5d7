import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { identities, processInstances, processLogs, tasks } from '@/db/schema';
import { canSeeInstance } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { MoreActionSupport } from '@/lib/connectors/types';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { shownOriginatorName } from '@/lib/tasks/inbox/inbox-sql';

export type MoreActionsView = {
  /** huiban: do it here · source: shown disabled, "do it in the source" with its page · none: not offered. */
  append: MoreActionSupport;
  revert: MoreActionSupport;
  withdraw: MoreActionSupport;
  resubmit: MoreActionSupport;
  appendPositions: ('before' | 'after' | 'alongside')[];
  revertTargets: { id: string; name: string }[];
  /** The viewer's pending task 加签 / 退回 act on, and the agreed task 撤回 takes back (Huiban task ids). */
  taskId: string | null;
  withdrawTaskId: string | null;
};

const NONE: MoreActionsView = {
  append: 'none',
  revert: 'none',
  withdraw: 'none',
  resubmit: 'none',
  appendPositions: [],
  revertTargets: [],
  taskId: null,
  withdrawTaskId: null,
};

/** Log actions by which a source says the request went back to its originator (DingTalk, Yida). */
const RETURNED = ['return', 'restart'];

/**
 * 加签 / 退回 / 撤回 / 再次提交: what the viewer can do on this instance, and where. Scoped like the instance page
 * (404 for anyone who cannot see it). The source decides through its adapter (a source without `moreActions`,
 * the open API, offers none); an action only shows where it concerns the viewer: 加签 / 退回 on their open task,
 * 撤回 on their agreed one, 再次提交 for the originator of a returned request.
 */
export async function getMoreActions(db: Db, viewer: Viewer, instanceId: string): Promise<MoreActionsView> {
  const [instance] = await db
    .select({
      id: processInstances.id,
      connectorId: processInstances.connectorId,
      externalId: processInstances.externalId,
      status: processInstances.status,
      originatorUserId: processInstances.originatorUserId,
      originatorName: shownOriginatorName,
    })
    .from(processInstances)
    .where(eq(processInstances.id, instanceId));
  if (!instance) throw new AppError('not_found', '流程不存在');
  const mine = await db
    .select({
      id: tasks.id,
      externalTaskId: tasks.externalTaskId,
      kind: tasks.kind,
      status: tasks.status,
      result: tasks.result,
      actedAt: tasks.actedAt,
    })
    .from(tasks)
    .where(and(eq(tasks.instanceId, instance.id), eq(tasks.assigneeUserId, viewer.userId)))
    .orderBy(desc(tasks.createdAt));
  const participants = {
    originatorUserId: instance.originatorUserId,
    assigneeUserIds: mine.length ? [viewer.userId] : [],
  };
  if (!canSeeInstance(viewer, participants)) throw new AppError('not_found', '流程不存在');
  if (instance.status !== 'running') return NONE;
  const connector = await unsafeLoadConnectorRuntime(db, instance.connectorId);
  const adapter = connector ? getAdapter(connector.kind) : null;
  if (!connector || !adapter?.moreActions) return NONE;
  const [identity] = await db
    .select({ externalUserId: identities.externalUserId })
    .from(identities)
    .where(and(eq(identities.connectorId, connector.id), eq(identities.userId, viewer.userId)))
    .limit(1);
  if (!identity) return NONE;

  const open = mine.find((t) => t.kind === 'approval' && t.status === 'pending' && !t.actedAt);
  const agreed = mine.find((t) => t.kind === 'approval' && t.status === 'done' && t.result === 'agree');
  const at = await adapter.moreActions(
    { db, connector, log },
    {
      instanceExternalId: instance.externalId,
      actorExternalId: identity.externalUserId,
      externalTaskId: open?.externalTaskId ?? null,
    },
  );
  const withdrawTask = at.withdrawTaskExternalId
    ? mine.find((t) => t.externalTaskId === at.withdrawTaskExternalId)
    : agreed;
  const isOriginator = instance.originatorUserId === viewer.userId;
  const returned =
    at.resubmit === 'source' && isOriginator
      ? (
          await db
            .select({ action: processLogs.action })
            .from(processLogs)
            .where(and(eq(processLogs.instanceId, instance.id), inArray(processLogs.action, RETURNED)))
            .limit(1)
        ).length > 0
      : false;
  return {
    append: open ? at.append : 'none',
    revert: open ? at.revert : 'none',
    withdraw: withdrawTask ? at.withdraw : 'none',
    resubmit: at.resubmit === 'huiban' || returned ? at.resubmit : 'none',
    appendPositions: open && at.append === 'huiban' ? (at.appendPositions ?? ['before', 'after']) : [],
    revertTargets: open ? namedOriginator(at.revertTargets, instance.originatorName) : [],
    taskId: open?.id ?? null,
    withdrawTaskId: withdrawTask && at.withdraw !== 'none' ? withdrawTask.id : null,
  };
}

/**
 * The first 退回 target is the originator: named as the instance page names them (a source may know only the
 * role, DingTalk's start node is 发起人), so the dialog reads "发起人 李四" / "Requester 李四" in either language.
 */
function namedOriginator(
  targets: { id: string; name: string }[],
  originatorName: string | null,
): { id: string; name: string }[] {
  const [originator, ...steps] = targets;
  if (!originator || !originatorName) return targets;
  return [{ ...originator, name: originatorName }, ...steps];
}
