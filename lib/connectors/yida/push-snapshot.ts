import type { InstanceBase } from '@/lib/tasks/get-instance-base';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import type { YidaSettings } from './config';
import { gmt } from './fetch-snapshot';
import type { YidaFormSchema } from './form-schema';
import { yidaLinks } from './links';
import { formFiles, mapFormValues, summarize } from './map-values';
import type { YidaPush } from './parse-push';
import { processNameFromTitle } from './process-name';

type Settings = Pick<
  YidaSettings,
  | 'fieldLabels'
  | 'timeZone'
  | 'summaryFields'
  | 'yidaOrigin'
  | 'corpId'
  | 'pcLinkTemplate'
  | 'mobileLinkTemplate'
>;

const STATUS = { RUNNING: 'running', COMPLETED: 'completed', TERMINATED: 'terminated' } as const;

/**
 * What one push itself says, as a partial snapshot dated by the push's `dateTime` (yida-connect-api.md §1.7):
 * create → a pending item for the approver; complete → that item done by `actualWorkId`; cancel → cancelled;
 * cc → a cc item; delete → the instance deleted (applySnapshot then marks every item deleted). Complete,
 * cancel and delete carry no instance fields, so those come from what is stored (`base`); an unknown instance
 * gets a placeholder title that the next full snapshot replaces. Applied before the OpenAPI re-read, so a
 * complete for a task Huiban never saw still records the finished task, and it is the only state in `push`
 * mode. Monotonic through applySnapshot: a push older than the stored instance only touches its own item.
 */
export function snapshotFromPush(
  s: Settings,
  push: YidaPush,
  base: InstanceBase | null,
  schema: YidaFormSchema | null = null,
): InstanceSnapshot {
  const at = new Date(push.at);
  const links = (taskId?: string | null) =>
    yidaLinks(s, {
      appType: push.appType,
      instanceId: push.instanceId,
      formUuid: push.task?.formUuid ?? null,
      taskId,
    });
  const instance = push.task ? fromTask(s, push, links(), schema) : fromBase(push, base, links());
  const known = (taskId: string) => base?.tasks.get(taskId);
  const tasks: InstanceSnapshot['tasks'] = [];
  const node = push.task?.currentActivityInstances?.[0]?.activityName ?? null;

  switch (push.action) {
    case 'create':
      // A create without task id / approver is the originator's own record (UNCONFIRMED §8.6): instance only.
      if (push.taskId && push.userId) {
        tasks.push({
          externalTaskId: push.taskId,
          kind: 'approval',
          assigneeExternalId: push.userId,
          assigneeName: firstName(push.task?.actionerName),
          status: 'pending',
          nodeName: node ?? known(push.taskId)?.nodeName ?? null,
          receivedAt: at,
          ...taskLinks(s, push, links(push.taskId)),
        });
      }
      break;
    case 'cc':
      if (push.userId) {
        tasks.push({
          externalTaskId: `cc:${push.userId}`,
          kind: 'cc',
          assigneeExternalId: push.userId,
          assigneeName: push.task ? firstName(push.task.actionerName) : null,
          status: 'done',
          result: 'none',
          nodeName: '抄送',
          receivedAt: at,
          ...taskLinks(s, push, links()),
        });
      }
      break;
    case 'complete':
    case 'cancel':
      if (push.taskId && push.userId) {
        const prior = known(push.taskId);
        tasks.push({
          externalTaskId: push.taskId,
          kind: 'approval',
          // The person who actually handled it (§1.3): the owner, or whoever it was forwarded to.
          assigneeExternalId: push.userId,
          status: push.action === 'complete' ? 'done' : 'cancelled',
          // The push does not say agree or refuse; the OpenAPI re-read fills it in.
          result: null,
          nodeName: prior?.nodeName ?? null,
          receivedAt: prior?.receivedAt ?? at,
          finishedAt: at,
          ...links(push.taskId),
        });
      }
      break;
    case 'delete':
      break;
  }
  return {
    ...instance,
    ...(push.action === 'delete'
      ? { status: 'deleted' as const, finishedAt: instance.finishedAt ?? at }
      : {}),
    sourceUpdatedAt: at,
    taskScope: 'partial',
    tasks,
    attachments: formFiles(instance.formValues ?? []),
  };
}

type InstanceFields = Omit<
  InstanceSnapshot,
  'tasks' | 'logs' | 'attachments' | 'taskScope' | 'sourceUpdatedAt'
>;

function fromTask(
  s: Settings,
  push: YidaPush,
  links: { pcUrl: string; mobileUrl: string },
  schema: YidaFormSchema | null,
): InstanceFields {
  const t = push.task ?? {};
  const status = STATUS[t.processInstanceStatus as keyof typeof STATUS] ?? 'running';
  const formValues = mapFormValues(s, t.dataMap, schema);
  return {
    externalId: push.instanceId,
    processCode: t.processCode || null,
    // The documented sample pushes `processName: ""`: then the form's name from a default title, else unknown.
    processName: t.processName || processNameFromTitle(t.title, t.originatorDisplayName),
    title: t.title || placeholderTitle(push.instanceId),
    originator: t.originatorId
      ? { externalUserId: t.originatorId, name: t.originatorDisplayName || null }
      : null,
    status,
    result:
      status === 'completed'
        ? t.processApprovedResult === 'agree'
          ? 'agree'
          : t.processApprovedResult === 'disagree'
            ? 'refuse'
            : null
        : null,
    formValues,
    summary: summarize(s, formValues),
    ...links,
    createdAt: gmt(t.createTime ?? undefined) ?? new Date(push.at),
    finishedAt: gmt(t.finishTime ?? undefined),
  };
}

function fromBase(
  push: YidaPush,
  base: InstanceBase | null,
  links: { pcUrl: string; mobileUrl: string },
): InstanceFields {
  if (base) return base.snapshot;
  return {
    externalId: push.instanceId,
    title: placeholderTitle(push.instanceId),
    status: 'running',
    ...links,
    createdAt: new Date(push.at),
  };
}

/** The push's own approval URLs when it carries them (names UNCONFIRMED §1.4) and no template overrides. */
function taskLinks(s: Settings, push: YidaPush, fallback: { pcUrl: string; mobileUrl: string }) {
  return {
    pcUrl: (!s.pcLinkTemplate && push.task?.url) || fallback.pcUrl,
    mobileUrl: (!s.mobileLinkTemplate && push.task?.mobileUrl) || fallback.mobileUrl,
  };
}

function firstName(v: string | string[] | null | undefined): string | null {
  return (Array.isArray(v) ? v[0] : v) || null;
}

function placeholderTitle(instanceId: string): string {
  return `宜搭审批 ${instanceId.slice(0, 8)}`;
}
