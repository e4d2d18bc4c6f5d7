import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  attachments,
  connectors,
  type FormValue,
  identities,
  instanceMentions,
  processInstances,
  processLogs,
  taskActions,
  tasks,
  users,
} from '@/db/schema';
import { canSeeInstance } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { delegatedToSql, onBehalfOfNameSql } from '@/lib/delegation/delegation-sql';
import { shownOriginatorName } from './inbox/inbox-sql';
import { listPendingSteps } from './inbox/list-pending-steps';
import type { PendingStep } from './inbox/pending-step';
import { sameApprovalGroupOf } from './same-approval-group';

export type InstanceDetail = {
  id: string;
  title: string;
  source: ConnectorKind;
  processName: string | null;
  originatorName: string | null;
  isOriginator: boolean;
  status: string;
  result: string | null;
  createdAt: string;
  finishedAt: string | null;
  pcUrl: string | null;
  mobileUrl: string | null;
  formValues: FormValue[];
  /** The viewer's own items in this instance (their actionable task, their cc item). */
  myTasks: {
    id: string;
    kind: string;
    status: string;
    result: string | null;
    nodeName: string | null;
    isActed: boolean;
    isRead: boolean;
    /** 代理: the assignee's name when the viewer holds this task as their delegate ("代 王五"). */
    onBehalfOfName?: string | null;
  }[];
  /** 为什么我能看到这条待办: each rule that makes the viewer a participant, with the identity mapping used. */
  visibility: {
    reason: 'originator' | 'assignee' | 'cc' | 'mention' | 'admin' | 'delegate';
    connectorName: string;
    externalUserId: string | null;
    matchedBy: string | null;
    nodeName: string | null;
  }[];
  /** Who holds the request now; null once it is no longer running. */
  pendingStep: PendingStep | null;
  logs: {
    id: string;
    actorName: string | null;
    action: string;
    /** Whom the step concerned besides its actor: cc recipients, a transfer's new approver. */
    targets: { userId: string | null; name: string }[];
    result: string | null;
    remark: string | null;
    nodeName: string | null;
    occurredAt: string;
    attachments: AttachmentView[];
  }[];
  /** Files attached to the form itself. */
  attachments: AttachmentView[];
  /** The other copies of this approval the viewer may see (one task for one approval). */
  sameApproval: SameApprovalCopy[];
  /** The viewer's actions from Huiban and their write-back state. */
  myActions: {
    id: string;
    taskId: string | null;
    action: string;
    remark: string | null;
    writeBackStatus: string;
    lastError: string | null;
    /** Calls to the source so far: with `pending` and a lastError, the write-back is waiting to retry. */
    attempts: number;
    createdAt: string;
    /** 代理: the delegate who acted for the assignee ("由 李四 代为处理"); null when the assignee acted. */
    actedByName?: string | null;
    /** 代理: whose task it was, when a delegate acted. */
    onBehalfOfName?: string | null;
  }[];
};

export type AttachmentView = {
  id: string;
  fileName: string;
  fileSize: number | null;
  fileType: string | null;
  isAvailable: boolean;
};

/**
 * Whether the viewer takes part in an instance: originator, assignee or cc of any of its items, or admin
 * (explicitly). Loads the facts canSeeInstance() decides on, for instance pages and attachment bytes (invariant 5).
 */
export async function isInstanceParticipant(
  db: DbOrTx,
  viewer: Viewer,
  instanceId: string,
): Promise<boolean> {
  if (viewer.isAdmin) return canSeeInstance(viewer, { originatorUserId: null, assigneeUserIds: [] });
  const [row] = await db
    .select({
      originatorUserId: processInstances.originatorUserId,
      // The outer row is named explicitly: drizzle leaves the columns of a one-table select unqualified.
      isAssignee: sql<boolean>`exists (select 1 from ${tasks} where ${tasks.instanceId} = ${processInstances}.id and ${tasks.assigneeUserId} = ${viewer.userId})`,
      // 代理: a delegate sees the instances of the tasks they hold for someone now, and those they acted on for them.
      isDelegate: sql<boolean>`(exists (select 1 from ${tasks} where ${tasks.instanceId} = ${processInstances}.id
          and ${tasks.kind} = 'approval' and ${tasks.status} = 'pending' and ${delegatedToSql(viewer.userId)})
        or exists (select 1 from task_actions ta where ta.instance_id = ${processInstances}.id
          and ta.params->>'delegateUserId' = ${viewer.userId}))`,
      isMentioned: sql<boolean>`exists (select 1 from ${instanceMentions} where ${instanceMentions.instanceId} = ${processInstances}.id and ${instanceMentions.userId} = ${viewer.userId})`,
    })
    .from(processInstances)
    .where(eq(processInstances.id, instanceId))
    .limit(1);
  if (!row) return false;
  // Narrowed to the viewer: whether they are among the assignees is all the rule needs.
  const assigneeUserIds = row.isAssignee || row.isDelegate ? [viewer.userId] : [];
  const mentionedUserIds = row.isMentioned ? [viewer.userId] : [];
  return canSeeInstance(viewer, {
    originatorUserId: row.originatorUserId,
    assigneeUserIds,
    mentionedUserIds,
  });
}

/** An instance with its form, process log and attachments, for a participant; null for anyone else. */
export async function getInstanceForViewer(
  db: DbOrTx,
  viewer: Viewer,
  instanceId: string,
): Promise<InstanceDetail | null> {
  if (!/^[0-9a-f-]{36}$/.test(instanceId)) return null;
  if (!(await isInstanceParticipant(db, viewer, instanceId))) return null;
  const [row] = await db
    .select({
      instance: processInstances,
      originatorName: shownOriginatorName,
      connectorName: connectors.name,
    })
    .from(processInstances)
    .innerJoin(connectors, eq(connectors.id, processInstances.connectorId))
    .where(eq(processInstances.id, instanceId));
  if (!row) return null;
  const i = row.instance;
  const [mine, logRows, files, actions, myIdentities, steps, myMention] = await Promise.all([
    db
      .select({ task: tasks, onBehalfOfName: onBehalfOfNameSql(viewer.userId) })
      .from(tasks)
      .where(
        and(
          eq(tasks.instanceId, instanceId),
          or(
            eq(tasks.assigneeUserId, viewer.userId),
            // 代理: the pending task the viewer holds for its assignee right now.
            and(
              eq(tasks.kind, 'approval'),
              eq(tasks.status, 'pending'),
              isNull(tasks.actedAt),
              delegatedToSql(viewer.userId),
            ),
          ),
        ),
      )
      .orderBy(desc(tasks.receivedAt))
      .then((rows) => rows.map((r) => ({ ...r.task, onBehalfOfName: r.onBehalfOfName }))),
    db
      .select({ log: processLogs, actorUserName: users.name, actorIdentityName: identities.name })
      .from(processLogs)
      .leftJoin(users, eq(users.id, processLogs.actorUserId))
      .leftJoin(
        identities,
        and(
          eq(identities.connectorId, i.connectorId),
          eq(identities.externalUserId, processLogs.actorExternalId),
        ),
      )
      .where(eq(processLogs.instanceId, instanceId))
      // Steps of one moment (DingTalk's times are minute-precise) in the source's own order: the start first.
      .orderBy(asc(processLogs.occurredAt), asc(processLogs.position), asc(processLogs.createdAt)),
    db
      .select()
      .from(attachments)
      .where(eq(attachments.instanceId, instanceId))
      .orderBy(asc(attachments.createdAt)),
    db
      .select({
        action: taskActions,
        assigneeName: sql<string | null>`(select u.name from users u where u.id = ${taskActions.userId})`,
      })
      .from(taskActions)
      .where(
        and(
          eq(taskActions.instanceId, instanceId),
          or(
            eq(taskActions.userId, viewer.userId),
            sql`${taskActions.params}->>'delegateUserId' = ${viewer.userId}`,
          ),
        ),
      )
      .orderBy(desc(taskActions.createdAt))
      .then((rows) => rows.map((r) => ({ ...r.action, assigneeName: r.assigneeName }))),
    db
      .select({ externalUserId: identities.externalUserId, matchedBy: identities.matchedBy })
      .from(identities)
      .where(and(eq(identities.connectorId, i.connectorId), eq(identities.userId, viewer.userId))),
    i.status === 'running' ? listPendingSteps(db, [i.id]) : null,
    db
      .select({ id: instanceMentions.id })
      .from(instanceMentions)
      .where(and(eq(instanceMentions.instanceId, instanceId), eq(instanceMentions.userId, viewer.userId)))
      .limit(1),
  ]);
  const targetNames = await namesOfTargets(
    db,
    i.connectorId,
    logRows.flatMap((r) => r.log.targets.map((x) => x.externalUserId)),
  );
  const identityOf = (externalUserId: string | null) =>
    myIdentities.find((m) => m.externalUserId === externalUserId) ?? null;
  const visibility: InstanceDetail['visibility'] = [];
  if (i.originatorUserId === viewer.userId) {
    visibility.push({
      reason: 'originator',
      connectorName: row.connectorName,
      externalUserId: i.originatorExternalId,
      matchedBy: identityOf(i.originatorExternalId)?.matchedBy ?? null,
      nodeName: null,
    });
  }
  for (const t of mine) {
    visibility.push({
      reason: t.onBehalfOfName ? 'delegate' : t.kind === 'cc' ? 'cc' : 'assignee',
      connectorName: row.connectorName,
      externalUserId: t.assigneeExternalId,
      matchedBy: identityOf(t.assigneeExternalId)?.matchedBy ?? null,
      nodeName: t.nodeName,
    });
  }
  if (myMention.length > 0) {
    visibility.push({
      reason: 'mention',
      connectorName: row.connectorName,
      externalUserId: null,
      matchedBy: null,
      nodeName: null,
    });
  }
  if (!visibility.length && viewer.isAdmin) {
    visibility.push({
      reason: 'admin',
      connectorName: row.connectorName,
      externalUserId: null,
      matchedBy: null,
      nodeName: null,
    });
  }
  const view = (a: (typeof files)[number]): AttachmentView => ({
    id: a.id,
    fileName: a.fileName,
    fileSize: a.fileSize,
    fileType: a.fileType,
    isAvailable: a.copyStatus === 'copied',
  });
  return {
    id: i.id,
    title: i.title,
    source: i.source,
    processName: i.processName,
    originatorName: row.originatorName,
    isOriginator: i.originatorUserId === viewer.userId,
    status: i.status,
    result: i.result,
    createdAt: i.sourceCreatedAt.toISOString(),
    finishedAt: i.sourceFinishedAt?.toISOString() ?? null,
    pcUrl: i.pcUrl,
    mobileUrl: i.mobileUrl,
    formValues: i.formValues,
    pendingStep: steps?.get(i.id) ?? null,
    myTasks: mine.map((t) => ({
      id: t.id,
      kind: t.kind,
      status: t.status,
      result: t.result,
      nodeName: t.nodeName,
      isActed: t.actedAt !== null,
      isRead: t.kind !== 'cc' || t.readAt !== null,
      onBehalfOfName: t.onBehalfOfName,
    })),
    visibility,
    logs: withoutEchoedComments(logRows).map(({ log, actorUserName, actorIdentityName }) => ({
      id: log.id,
      actorName: log.actorName ?? actorUserName ?? actorIdentityName ?? log.actorExternalId,
      action: log.action,
      targets: log.targets.map((x) => {
        const known = targetNames.get(x.externalUserId);
        return { userId: known?.userId ?? null, name: x.name || known?.name || x.externalUserId };
      }),
      result: log.result,
      remark: log.remark,
      nodeName: log.nodeName,
      occurredAt: log.occurredAt.toISOString(),
      attachments: files.filter((f) => f.logId === log.id).map(view),
    })),
    attachments: files.filter((f) => f.logId === null).map(view),
    sameApproval: await listSameApprovalForViewer(db, viewer, i.id),
    myActions: actions.map((a) => ({
      id: a.id,
      taskId: a.taskId,
      action: a.action,
      remark: a.remark,
      writeBackStatus: a.writeBackStatus,
      lastError: a.lastError,
      attempts: a.attempts,
      createdAt: a.createdAt.toISOString(),
      actedByName: typeof a.params.delegateName === 'string' ? a.params.delegateName : null,
      onBehalfOfName: typeof a.params.delegateName === 'string' ? a.assigneeName : null,
    })),
  };
}

/** The process-log record id of a comment made in Huiban (lib/tasks/write/record-comment.ts). */
export function huibanCommentRecordId(actionId: string): string {
  return `huiban:comment:${actionId}`;
}

/**
 * A comment made in Huiban is in the log twice once the source echoes it (DingTalk's ADD_REMARK, a local
 * engine's comment): Huiban's own record carries the mentions and the files, so the source's echo (same person,
 * same text, not before it) is left out of the timeline.
 */
function withoutEchoedComments<
  T extends {
    log: {
      action: string;
      externalRecordId: string;
      actorUserId: string | null;
      remark: string | null;
      occurredAt: Date;
    };
  },
>(rows: T[]): T[] {
  const ours = rows.filter((r) => r.log.externalRecordId.startsWith('huiban:comment:'));
  if (ours.length === 0) return rows;
  const used = new Set<T>();
  return rows.filter((r) => {
    if (r.log.action !== 'comment' || r.log.externalRecordId.startsWith('huiban:')) return true;
    const match = ours.find(
      (o) =>
        !used.has(o) &&
        o.log.actorUserId !== null &&
        o.log.actorUserId === r.log.actorUserId &&
        (o.log.remark ?? '') === (r.log.remark ?? '') &&
        Math.abs(r.log.occurredAt.getTime() - o.log.occurredAt.getTime()) < 24 * 3600 * 1000,
    );
    if (!match) return true;
    used.add(match);
    return false;
  });
}

/** Names of the people log steps concerned, as the lists name people: Huiban user, else directory name. */
async function namesOfTargets(
  db: DbOrTx,
  connectorId: string,
  externalUserIds: string[],
): Promise<Map<string, { userId: string | null; name: string | null }>> {
  if (externalUserIds.length === 0) return new Map();
  const rows = await db
    .select({
      externalUserId: identities.externalUserId,
      userId: identities.userId,
      name: sql<string | null>`coalesce(${users.name}, ${identities.name})`,
    })
    .from(identities)
    .leftJoin(users, eq(users.id, identities.userId))
    .where(
      and(
        eq(identities.connectorId, connectorId),
        inArray(identities.externalUserId, [...new Set(externalUserIds)]),
      ),
    );
  return new Map(rows.map((r) => [r.externalUserId, { userId: r.userId, name: r.name }]));
}

/** An attachment's stored object, for a participant of its instance; null for anyone else or not yet copied. */
export async function getAttachmentForViewer(
  db: DbOrTx,
  viewer: Viewer,
  attachmentId: string,
): Promise<{ fileName: string; fileType: string | null; storageKey: string } | null> {
  if (!/^[0-9a-f-]{36}$/.test(attachmentId)) return null;
  const [file] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!file || !(await isInstanceParticipant(db, viewer, file.instanceId))) return null;
  if (file.copyStatus !== 'copied' || !file.storageKey) return null;
  return { fileName: file.fileName, fileType: file.fileType, storageKey: file.storageKey };
}

/** Another copy of the same approval, as the detail page links it (Huiban's page and the source's). */
export type SameApprovalCopy = {
  instanceId: string;
  isPrimary: boolean;
  title: string;
  source: ConnectorKind;
  connectorName: string;
  status: string;
  pcUrl: string | null;
  mobileUrl: string | null;
};

/**
 * The other copies of an instance's approval that the viewer may see (invariant 5: a participant of
 * that copy too, or an admin), for the detail page's "both sources" links.
 */
export async function listSameApprovalForViewer(
  db: DbOrTx,
  viewer: Viewer,
  instanceId: string,
): Promise<SameApprovalCopy[]> {
  const group = await sameApprovalGroupOf(db, instanceId);
  const others = group.filter((id) => id !== instanceId);
  if (others.length === 0) return [];
  const rows = await db
    .select({ instance: processInstances, connectorName: connectors.name })
    .from(processInstances)
    .innerJoin(connectors, eq(connectors.id, processInstances.connectorId))
    .where(inArray(processInstances.id, others));
  const copies: SameApprovalCopy[] = [];
  for (const id of others) {
    const row = rows.find((r) => r.instance.id === id);
    if (!row || !(await isInstanceParticipant(db, viewer, id))) continue;
    copies.push({
      instanceId: id,
      isPrimary: id === group[0],
      title: row.instance.title,
      source: row.instance.source,
      connectorName: row.connectorName,
      status: row.instance.status,
      pcUrl: row.instance.pcUrl,
      mobileUrl: row.instance.mobileUrl,
    });
  }
  return copies;
}
