import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import { insideDingTalkLink } from '../dingtalk/links';
import { createProcessCentreTasks, findProcessCentreTask } from '../dingtalk/process-centre';
import { dingtalkAccountOf } from '../dingtalk/workflow-bridge';
import { AdapterError } from '../types';
import { activityIdOf, approvalCentreConnectorOf, pcInstanceOf } from './approval-centre-effects';
import { instanceUrl } from './instance-url';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { type EffectContext, EffectError, type EffectResult, taskOfEffect } from './local-effect';

/** Codes DingTalk answers when it is busy rather than when the request is wrong: retry later. */
const TRANSIENT = new Set(['integrated.concurrency.error', 'integrated.qps.exceed']);

/** Test seam: called after DingTalk answered and before the answer is stored (a worker kill there). */
export const pcTaskCrashPoints: { afterCreate?: () => void } = {};

/**
 * Effect `pcTask`: the process-centre task of one Huiban approval task (its assignee sees it in 待办 › OA审批).
 * Waits for the run's instance; adopts the task when the instance effect created it already. Idempotent
 * across a crash: an attempt that finds the effect `calling` first looks for the task among the assignee's
 * process-centre tasks (same instance, activityId = this Huiban task) and adopts it.
 */
export async function createApprovalCentreTask(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
): Promise<EffectResult> {
  const task = taskOfEffect(loaded, effect);
  const connectorId = approvalCentreConnectorOf(loaded);
  if (!task || !connectorId) return { result: { skipped: true } };
  const instance = await pcInstanceOf(db, loaded.run.id);
  if (!instance) return { result: { skipped: true, reason: 'no approval-centre instance' } };
  const processInstanceId = instance.processInstanceId;
  const withInstance = instance.tasks[task.id];
  if (withInstance !== undefined) return { result: { processInstanceId, pcTaskId: withInstance } };
  const s = await loadDingtalkSettings(db, connectorId);
  const account = await dingtalkAccountOf(db, connectorId, task.userId);
  if (!account) throw new EffectError(`${task.name} 没有关联的钉钉账号，无法进入钉钉审批中心`);
  const activityId = activityIdOf(loaded.run.id, task.id);
  if (effect.status === 'calling') {
    const found = await findProcessCentreTask(
      s,
      account.userId,
      (t) => t.processInstanceId === processInstanceId && t.activityId === activityId,
    );
    if (found) return { result: { processInstanceId, pcTaskId: found.taskId, adopted: true } };
  }
  try {
    const [created] = await createProcessCentreTasks(s, {
      processInstanceId,
      activityId,
      tasks: [{ userId: account.userId, url: insideDingTalkLink(await instanceUrl(db, loaded.run.id)) }],
    });
    if (!created) throw new AdapterError('DingTalk task create answered without a task', { retryable: true });
    pcTaskCrashPoints.afterCreate?.();
    ctx.log.info({ runId: loaded.run.id, pcTaskId: created.taskId }, 'approval centre: task created');
    return { result: { processInstanceId, pcTaskId: created.taskId } };
  } catch (error) {
    if (error instanceof AdapterError && TRANSIENT.has(error.sourceCode ?? ''))
      throw new AdapterError(error.message, { retryable: true, sourceCode: error.sourceCode, cause: error });
    throw error;
  }
}
