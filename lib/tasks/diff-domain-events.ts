import type { NormalizedEventType } from '@/lib/distribution/outbox/event-types';

/** One instance as stored, the part its events tell subscribers about. */
export type InstanceState = {
  id: string;
  connectorId: string;
  source: string;
  externalId: string;
  processCode: string | null;
  processName: string | null;
  title: string;
  status: string;
  result: string | null;
  originatorUserId: string | null;
  originatorExternalId: string | null;
  originatorName: string | null;
  summary: string | null;
  pcUrl: string | null;
  mobileUrl: string | null;
  sourceCreatedAt: Date;
  sourceFinishedAt: Date | null;
  sourceUpdatedAt: Date;
};

export type TaskState = {
  id: string;
  externalTaskId: string;
  kind: string;
  assigneeUserId: string | null;
  assigneeExternalId: string;
  status: string;
  result: string | null;
  nodeName: string | null;
  receivedAt: Date;
  finishedAt: Date | null;
  dueAt: Date | null;
  pcUrl: string | null;
  mobileUrl: string | null;
};

export type InstanceWithTasks = { instance: InstanceState; tasks: TaskState[] };

/** A normalized event, before it is matched to subscriptions. `key` is unique per event, ever. */
export type DomainEvent = {
  key: string;
  type: NormalizedEventType;
  occurredAt: Date;
  connectorId: string;
  processCode: string | null;
  data: Record<string, unknown>;
};

const INSTANCE_END: Record<string, NormalizedEventType | undefined> = {
  completed: 'instance.finished',
  terminated: 'instance.cancelled',
  cancelled: 'instance.cancelled',
  deleted: 'instance.deleted',
};

/**
 * Which normalized events one write produced, from the stored state before and after it:
 * - instance.created: the instance was not stored before;
 * - instance.finished / .cancelled / .deleted: its status moved to completed / terminated or cancelled /
 *   deleted;
 * - task.created: a task row that did not exist (an approval task first seen already finished also gets its
 *   ending; a cc item, born `done`, gets task.created only);
 * - task.completed / task.transferred: pending → done (result `redirect` = transferred);
 * - task.cancelled: pending → cancelled or deleted (withdrawn 或签 peers, a revoked instance).
 * Keys name the transition and the row (`task.completed:<taskId>`), so the same change seen twice (a replay,
 * two concurrent applies) is one event: deliveries are unique per (subscription, key).
 */
export function diffDomainEvents(before: InstanceWithTasks | null, after: InstanceWithTasks): DomainEvent[] {
  const events: DomainEvent[] = [];
  const inst = after.instance;
  const instanceData = instancePayload(inst);
  const push = (type: NormalizedEventType, rowId: string, occurredAt: Date, data: Record<string, unknown>) =>
    events.push({
      key: `${type}:${rowId}`,
      type,
      occurredAt,
      connectorId: inst.connectorId,
      processCode: inst.processCode,
      data,
    });

  if (!before) push('instance.created', inst.id, inst.sourceCreatedAt, instanceData);
  const previousTasks = new Map((before?.tasks ?? []).map((t) => [t.id, t]));
  for (const task of after.tasks) {
    const previous = previousTasks.get(task.id);
    const data = { ...taskPayload(task), instance: instanceData };
    if (!previous) push('task.created', task.id, task.receivedAt, data);
    // A cc item is born read-only (`done`): its creation is the whole story.
    if (!previous && task.kind === 'cc') continue;
    const wasPending = !previous || previous.status === 'pending';
    if (!wasPending || task.status === 'pending' || task.status === previous?.status) continue;
    const endedAt = task.finishedAt ?? inst.sourceUpdatedAt;
    if (task.status === 'done') {
      push(task.result === 'redirect' ? 'task.transferred' : 'task.completed', task.id, endedAt, data);
    } else if (task.status === 'cancelled' || task.status === 'deleted') {
      push('task.cancelled', task.id, endedAt, data);
    }
  }
  const ended = INSTANCE_END[inst.status];
  if (ended && before?.instance.status !== inst.status) {
    push(ended, inst.id, inst.sourceFinishedAt ?? inst.sourceUpdatedAt, instanceData);
  }
  return events;
}

function instancePayload(i: InstanceState): Record<string, unknown> {
  return {
    instanceId: i.id,
    connectorId: i.connectorId,
    source: i.source,
    externalId: i.externalId,
    processCode: i.processCode,
    processName: i.processName,
    title: i.title,
    status: i.status,
    result: i.result,
    originator: {
      userId: i.originatorUserId,
      externalUserId: i.originatorExternalId,
      name: i.originatorName,
    },
    summary: i.summary,
    pcUrl: i.pcUrl,
    mobileUrl: i.mobileUrl,
    createdAt: i.sourceCreatedAt.toISOString(),
    finishedAt: i.sourceFinishedAt?.toISOString() ?? null,
  };
}

function taskPayload(t: TaskState): Record<string, unknown> {
  return {
    taskId: t.id,
    externalTaskId: t.externalTaskId,
    kind: t.kind,
    assignee: { userId: t.assigneeUserId, externalUserId: t.assigneeExternalId },
    status: t.status,
    result: t.result,
    nodeName: t.nodeName,
    receivedAt: t.receivedAt.toISOString(),
    finishedAt: t.finishedAt?.toISOString() ?? null,
    dueAt: t.dueAt?.toISOString() ?? null,
    pcUrl: t.pcUrl,
    mobileUrl: t.mobileUrl,
  };
}
