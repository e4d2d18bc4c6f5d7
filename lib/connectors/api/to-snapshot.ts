import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { dingtalkApprovalKey } from '../dingtalk/links';
import type { InstanceUpsert, PersonRef } from './push-schema';
import { personKey } from './resolve-people';

/** Everyone an upsert names (originator, assignees, log actors), for linking before the apply. */
export function peopleOf(input: InstanceUpsert): PersonRef[] {
  return [
    ...(input.originator ? [input.originator] : []),
    ...input.tasks.map((t) => t.assignee),
    ...input.logs.flatMap((l) => (l.actor ? [l.actor] : [])),
  ];
}

/**
 * An open-API upsert as the source-neutral snapshot applySnapshot() takes. The caller's task list is
 * complete (`taskScope: 'full'`): a pending task it no longer lists is withdrawn, as with a DingTalk fetch.
 */
export function upsertToSnapshot(input: InstanceUpsert): InstanceSnapshot {
  const createdAt = input.createdAt ?? input.updatedAt;
  return {
    externalId: input.externalId,
    processName: input.processName ?? null,
    title: input.title,
    originator: input.originator
      ? { externalUserId: personKey(input.originator), name: input.originator.name ?? null }
      : null,
    status: input.status,
    result: input.result ?? null,
    formValues: input.formValues.map((f) => ({
      name: f.name,
      type: f.type,
      value: f.value,
      display: f.value === null ? '' : String(f.value),
    })),
    summary: input.summary ?? null,
    pcUrl: input.pcUrl ?? null,
    mobileUrl: input.mobileUrl ?? null,
    createdAt,
    finishedAt: input.finishedAt ?? null,
    sourceUpdatedAt: input.updatedAt,
    taskScope: 'full',
    // Absent: not known to this push (the stored reference stays); null: no longer a copy.
    sameApproval:
      input.sameApprovalAs === undefined
        ? undefined
        : input.sameApprovalAs
          ? [{ key: dingtalkApprovalKey(input.sameApprovalAs.dingtalkProcessInstanceId), role: 'mirror' }]
          : [],
    tasks: input.tasks.map((t) => ({
      externalTaskId: t.externalTaskId,
      kind: t.kind,
      assigneeExternalId: personKey(t.assignee),
      assigneeName: t.assignee.name ?? null,
      status: t.status,
      result: t.result ?? (t.status === 'done' ? 'none' : null),
      nodeName: t.nodeName ?? null,
      receivedAt: t.receivedAt ?? createdAt,
      finishedAt: t.finishedAt ?? (t.status === 'pending' ? null : input.updatedAt),
      dueAt: t.dueAt ?? null,
      pcUrl: t.pcUrl ?? null,
      mobileUrl: t.mobileUrl ?? null,
    })),
    logs: input.logs.map((l) => ({
      externalRecordId: l.externalRecordId,
      actorExternalId: l.actor ? personKey(l.actor) : null,
      actorName: l.actor?.name ?? null,
      action: l.action,
      result: l.result ?? null,
      remark: l.remark ?? null,
      nodeName: l.nodeName ?? null,
      occurredAt: l.occurredAt,
    })),
  };
}
