import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import { type ProcessCentreTaskUpdate, updateProcessCentreTasks } from '../dingtalk/process-centre';
import { approvalCentreConnectorOf, settledEffects } from './approval-centre-effects';
import type { EngineTask } from './engine';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { type EffectContext, type EffectResult, taskOfEffect } from './local-effect';

/** A decided Huiban task as a process-centre task update: agree/refuse complete it, anything else cancels. */
export function taskUpdateOf(
  task: Pick<EngineTask, 'status' | 'result'>,
  pcTaskId: number,
): ProcessCentreTaskUpdate {
  if (task.status === 'done' && (task.result === 'agree' || task.result === 'refuse'))
    return { taskId: pcTaskId, status: 'COMPLETED', result: task.result === 'agree' ? 'AGREE' : 'REFUSE' };
  // Transferred (the new approver gets a task of their own) or withdrawn.
  return { taskId: pcTaskId, status: 'CANCELED' };
}

/**
 * Effect `pcTaskDone`: the process-centre task follows its Huiban task (COMPLETED AGREE/REFUSE, or CANCELED
 * after a transfer or when another approver of an OR step decided). Waits for the task's creation; setting
 * a task to the state it has is harmless, so a retry after a crash needs no lookup.
 */
export async function updateApprovalCentreTask(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
): Promise<EffectResult> {
  const task = taskOfEffect(loaded, effect);
  const connectorId = approvalCentreConnectorOf(loaded);
  if (!task || !connectorId) return { result: { skipped: true } };
  const [created] = await settledEffects(
    db,
    loaded.run.id,
    [`pc-task:${task.id}`],
    'the approval-centre task',
  );
  const made =
    created?.status === 'done' ? (created.result as { pcTaskId?: number; processInstanceId?: string }) : null;
  if (made?.pcTaskId === undefined || !made.processInstanceId) return { result: { skipped: true } };
  const update = taskUpdateOf(task, made.pcTaskId);
  await updateProcessCentreTasks(await loadDingtalkSettings(db, connectorId), {
    processInstanceId: made.processInstanceId,
    tasks: [update],
  });
  ctx.log.info({ runId: loaded.run.id, ...update }, 'approval centre: task updated');
  return { result: { ...update } };
}
