import type { MoreActions } from '../types';
import { ORIGINATOR_ACTIVITY } from './act';
import type { DingTalkSettings } from './config';
import { callApi } from './open-api';

type InstanceTasks = {
  result?: {
    tasks?: { taskId?: number; status?: string; result?: string; activityId?: string }[];
    operationRecords?: { activityId?: string; showName?: string }[];
  };
};

/**
 * 加签 / 退回 on a DingTalk task: from Huiban only with OA高级版 (the connector's `oaPremium`, wave2 §5.5–§5.6);
 * otherwise, and always for 撤回 / 再次提交 (no open API), in DingTalk. 退回 targets are the originator
 * (`sid-startevent`) and the approval nodes already passed, read from the instance (activityId + node name).
 */
export async function dingtalkMoreActions(
  s: DingTalkSettings,
  input: { instanceExternalId: string; externalTaskId: string | null },
): Promise<MoreActions> {
  const base: MoreActions = {
    append: 'source',
    revert: 'source',
    withdraw: 'source',
    resubmit: 'source',
    revertTargets: [],
    withdrawTaskExternalId: null,
  };
  if (!s.oaPremium || !input.externalTaskId) return base;
  const body = await callApi<InstanceTasks>(s, '/v1.0/workflow/processInstances', {
    query: { processInstanceId: input.instanceExternalId },
  });
  const tasks = body.result?.tasks ?? [];
  const current = tasks.find((t) => String(t.taskId) === input.externalTaskId)?.activityId;
  const names = new Map(
    (body.result?.operationRecords ?? []).flatMap((r) =>
      r.activityId && r.showName ? [[r.activityId, r.showName] as const] : [],
    ),
  );
  const passed: { id: string; name: string }[] = [];
  for (const t of tasks) {
    const id = t.activityId;
    if (!id || id === current || t.status !== 'COMPLETED' || t.result !== 'AGREE') continue;
    if (!passed.some((p) => p.id === id)) passed.push({ id, name: names.get(id) ?? id });
  }
  return {
    ...base,
    append: 'huiban',
    appendPositions: ['before', 'after'],
    revert: 'huiban',
    revertTargets: [{ id: ORIGINATOR_ACTIVITY, name: '发起人' }, ...passed],
  };
}
