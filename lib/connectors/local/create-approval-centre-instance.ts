import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type LocalEffect, localEffects } from '@/db/schema';
import { insideDingTalkLink } from '../dingtalk/links';
import {
  createProcessCentreInstance,
  createProcessCentreTasks,
  findProcessCentreTask,
  PROCESS_CENTRE_LIMITS,
} from '../dingtalk/process-centre';
import { dingtalkAccountOf } from '../dingtalk/workflow-bridge';
import { buildRunSnapshot } from './apply-local-event';
import { activityIdOf, approvalCentreConnectorOf, type PcInstanceResult } from './approval-centre-effects';
import { ensureProcessCentreTemplate } from './approval-centre-template';
import { instanceUrl } from './instance-url';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { type EffectContext, EffectError, type EffectResult } from './local-effect';

/**
 * Test seams (a worker kill there): after the instance is created and its id stored, before any task; after
 * every call was answered, before the answer is stored.
 */
export const pcCrashPoints: { afterInstanceCreated?: () => void; afterInstanceCalls?: () => void } = {};

/** What an attempt stores on the effect (still `calling`) as soon as DingTalk created the instance. */
type PartialInstance = { processInstanceId?: string; processCode?: string; partial?: boolean };

/**
 * Effect `pcInstance`: the run's instance in DingTalk's approval centre (process centre, §5.10), with the
 * tasks pending at that moment (one per approver, activityId = the Huiban task, see activityIdOf), the template
 * registered first. runLocalEffect() stores the answer on the effect row.
 *
 * Idempotent across a crash: the instance id is stored on the effect (still `calling`) the moment DingTalk
 * answers, before any task is created, so a retry after a kill between the two steps continues with that
 * instance: each approver's task is looked up among their process-centre tasks (same instance, activityId =
 * this Huiban task) and created only when missing. No empty instance is left behind and no second one is
 * created. An effect left `calling` by an older version (no stored id) is recovered as before: the first
 * approver's tasks are searched for one whose activityId names this run, and its instance adopted. The only
 * remaining window is the instant between DingTalk's answer to the create call and that one-row store.
 */
export async function createApprovalCentreInstance(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
): Promise<EffectResult> {
  const connectorId = approvalCentreConnectorOf(loaded);
  if (!connectorId) return { result: { skipped: true } };
  const s = await loadDingtalkSettings(db, connectorId);
  const originator = await dingtalkAccountOf(db, connectorId, loaded.originator.userId);
  if (!originator) throw new EffectError(`发起人 ${loaded.originator.name} 没有关联的钉钉账号`);
  const processCode = await ensureProcessCentreTemplate(db, s, connectorId, loaded.body);
  const runId = loaded.run.id;
  const pending = [];
  for (const task of loaded.state.tasks) {
    if (task.kind !== 'approval' || task.status !== 'pending') continue;
    const account = await dingtalkAccountOf(db, connectorId, task.userId);
    if (account) pending.push({ task, account });
  }
  const batch = pending.slice(0, PROCESS_CENTRE_LIMITS.tasksPerCall);

  const stored = effect.status === 'calling' ? (effect.result as PartialInstance | null) : null;
  if (stored?.processInstanceId) {
    const processInstanceId = stored.processInstanceId;
    const url = insideDingTalkLink(await instanceUrl(db, runId));
    const tasks: Record<string, number> = {};
    for (const { task, account } of batch) {
      const activityId = activityIdOf(runId, task.id);
      const found = await findProcessCentreTask(
        s,
        account.userId,
        (t) => t.processInstanceId === processInstanceId && t.activityId === activityId,
      );
      const taskId =
        found?.taskId ??
        (
          await createProcessCentreTasks(s, {
            processInstanceId,
            activityId,
            tasks: [{ userId: account.userId, url }],
          })
        )[0]?.taskId;
      if (taskId !== undefined) tasks[task.id] = taskId;
    }
    pcCrashPoints.afterInstanceCalls?.();
    ctx.log.info({ runId, processInstanceId }, 'approval centre: resumed a created instance');
    return { result: { processInstanceId, processCode, tasks, resumed: true } };
  }
  if (effect.status === 'calling' && batch[0]) {
    const first = batch[0];
    const found = await findProcessCentreTask(
      s,
      first.account.userId,
      (t) => t.activityId === activityIdOf(runId, first.task.id),
      { createdAfter: effect.createdAt.getTime() - 60_000 },
    );
    if (found) {
      const tasks: Record<string, number> = { [first.task.id]: found.taskId };
      for (const { task, account } of batch.slice(1)) {
        const other = await findProcessCentreTask(
          s,
          account.userId,
          (t) =>
            t.processInstanceId === found.processInstanceId && t.activityId === activityIdOf(runId, task.id),
        );
        if (other) tasks[task.id] = other.taskId;
      }
      ctx.log.info(
        { runId, processInstanceId: found.processInstanceId },
        'approval centre: adopted instance',
      );
      return { result: { processInstanceId: found.processInstanceId, processCode, tasks, adopted: true } };
    }
  }
  if (effect.status === 'calling')
    ctx.log.warn({ runId }, 'approval centre: retrying an instance create whose first answer may be lost');

  const { snapshot } = await buildRunSnapshot(db, loaded, loaded.state);
  const url = insideDingTalkLink(await instanceUrl(db, runId));
  const processInstanceId = await createProcessCentreInstance(s, {
    processCode,
    originatorUserId: originator.userId,
    url,
    title: snapshot.title,
    formComponentValueList: (snapshot.formValues ?? [])
      .filter((v) => v.type !== 'attachments' && v.type !== 'table')
      .map((v) => ({ name: v.name, value: v.display ?? '' })),
  });
  // Durable before the tasks: a retry continues with this instance instead of leaving it empty.
  const partial: PartialInstance = { processInstanceId, processCode, partial: true };
  await db
    .update(localEffects)
    .set({ result: partial })
    .where(and(eq(localEffects.id, effect.id), eq(localEffects.status, 'calling')));
  pcCrashPoints.afterInstanceCreated?.();
  const tasks: Record<string, number> = {};
  for (const { task, account } of batch) {
    const [created] = await createProcessCentreTasks(s, {
      processInstanceId,
      activityId: activityIdOf(runId, task.id),
      tasks: [{ userId: account.userId, url }],
    });
    if (created) tasks[task.id] = created.taskId;
  }
  pcCrashPoints.afterInstanceCalls?.();
  const result: PcInstanceResult = { processInstanceId, processCode, tasks };
  ctx.log.info({ runId, processInstanceId }, 'approval centre: instance created');
  return { result };
}
