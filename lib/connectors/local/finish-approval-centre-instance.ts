import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import { cancelProcessCentreTaskGroup, finishProcessCentreInstance } from '../dingtalk/process-centre';
import { AdapterError } from '../types';
import {
  activityIdOf,
  approvalCentreConnectorOf,
  pcInstanceOf,
  settledEffects,
} from './approval-centre-effects';
import type { EngineStatus } from './engine';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import type { EffectContext, EffectResult } from './local-effect';

/** How a finished run shows in DingTalk: approved or refused, else terminated (revoked, cancelled, errored). */
export function instanceUpdateOf(status: EngineStatus) {
  if (status === 'completed') return { status: 'COMPLETED', result: 'agree' } as const;
  if (status === 'refused') return { status: 'COMPLETED', result: 'refuse' } as const;
  return { status: 'TERMINATED', result: 'refuse' } as const;
}

/**
 * Effect `pcFinish`: the run ended. After every process-centre task of the run is settled, cancels (as one
 * task group) those the end withdrew — the open tasks of a revoke, cancel or refusal — and finishes the
 * instance: COMPLETED agree/refuse, or TERMINATED. A retry after a crash may find the instance finished
 * already (`integrated.state.invalid` on an attempt that was `calling`): that is its own earlier success.
 */
export async function finishApprovalCentreInstance(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
): Promise<EffectResult> {
  const connectorId = approvalCentreConnectorOf(loaded);
  if (!connectorId || loaded.state.status === 'running') return { result: { skipped: true } };
  const instance = await pcInstanceOf(db, loaded.run.id);
  if (!instance) return { result: { skipped: true, reason: 'no approval-centre instance' } };
  const rows = await settledEffects(
    db,
    loaded.run.id,
    ['pc-task:%', 'pc-task-done:%'],
    'the approval-centre tasks',
  );
  const created = new Set(Object.keys(instance.tasks));
  const updated = new Set<string>();
  for (const row of rows) {
    const taskId = String(row.payload.taskId);
    if (row.status !== 'done' || (row.result as { skipped?: boolean } | null)?.skipped) continue;
    if (row.kind === 'pcTask') created.add(taskId);
    else updated.add(taskId);
  }
  const withdrawn = loaded.state.tasks
    .filter((t) => t.status === 'cancelled' && created.has(t.id) && !updated.has(t.id))
    .map((t) => activityIdOf(loaded.run.id, t.id));
  const s = await loadDingtalkSettings(db, connectorId);
  const update = instanceUpdateOf(loaded.state.status);
  try {
    if (withdrawn.length)
      await cancelProcessCentreTaskGroup(s, {
        processInstanceId: instance.processInstanceId,
        activityIds: withdrawn,
      });
    await finishProcessCentreInstance(s, { processInstanceId: instance.processInstanceId, ...update });
  } catch (error) {
    const again = effect.status === 'calling';
    if (!(again && error instanceof AdapterError && error.sourceCode === 'integrated.state.invalid'))
      throw error;
  }
  ctx.log.info({ runId: loaded.run.id, ...update }, 'approval centre: instance finished');
  return {
    result: { processInstanceId: instance.processInstanceId, ...update, cancelled: withdrawn.length },
  };
}
