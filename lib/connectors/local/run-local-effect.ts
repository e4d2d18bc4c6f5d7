import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { localDingtalkLinks, localEffects } from '@/db/schema';
import { classifyFailure } from '@/lib/jobs/classify-failure';
import { applyLocalEvent } from './apply-local-event';
import { completeMirroredTodo } from './complete-mirrored-todo';
import { createApprovalCentreInstance } from './create-approval-centre-instance';
import { createApprovalCentreTask } from './create-approval-centre-task';
import { onLinkRecorded } from './dingtalk-link-hooks';
import { finishApprovalCentreInstance } from './finish-approval-centre-instance';
import { loadRun } from './load-run';
import { type EffectContext, EffectError, type PerformEffect } from './local-effect';
import { mirrorTodo } from './mirror-todo';
import { runAutomation } from './run-automation';
import { startDingtalkApproval } from './start-dingtalk-approval';
import { updateApprovalCentreTask } from './update-approval-centre-task';

type Outcome = 'done' | 'failed' | 'skipped';

/** Effect kind (the `local_effects.kind` the engine wrote) → the call that performs it. */
const PERFORMERS: Record<string, PerformEffect> = {
  startDingTalk: startDingtalkApproval,
  runAutomation,
  mirrorTodo,
  completeTodo: completeMirroredTodo,
  // Retired: work notices go through the one announcement path (announce-tasks); a `notify` row written by an
  // older version completes without a call, and its task is announced when the instance is next applied.
  notify: async () => ({ result: { skipped: true, reason: 'announced by announce-tasks' } }),
  pcInstance: createApprovalCentreInstance,
  pcTask: createApprovalCentreTask,
  pcTaskDone: updateApprovalCentreTask,
  pcFinish: finishApprovalCentreInstance,
};

/**
 * Performs one external effect of a local workflow transition (worker job `run-local-effect`).
 *
 * Idempotent: an effect that is `done` or `failed` is skipped; its completion and the engine event it causes
 * (the DingTalk instance started, the automation's result) commit in one transaction, so a crash after the
 * call re-runs the call but never applies its result twice. Calls that DingTalk deduplicates carry a stable
 * key (the 待办's sourceId, the connect instance's instanceKey, the webhook's delivery id).
 *
 * Failure policy (classifyFailure): retryable errors (throttling, 5xx, timeouts) throw while attempts are
 * left, so pg-boss retries with backoff; AdapterError with `retryable: false` and EffectError are final. A
 * final failure of a DingTalk-approval or automation step stops the instance as errored with a log entry
 * saying why; a failed 待办 mirror, notice or approval-centre call (pc*, *approval-centre*.ts) is recorded on the
 * effect (the workflow's admin page lists them) and never blocks the flow.
 */
export async function runLocalEffect(db: Db, effectId: string, ctx: EffectContext): Promise<Outcome> {
  const [effect] = await db.select().from(localEffects).where(eq(localEffects.id, effectId));
  if (!effect || effect.status === 'done' || effect.status === 'failed') return 'skipped';
  const loaded = await loadRun(db, effect.runId);
  if (!loaded) return 'skipped';
  await db
    .update(localEffects)
    .set({ status: 'calling', attempts: sql`${localEffects.attempts} + 1` })
    .where(and(eq(localEffects.id, effectId), inArray(localEffects.status, ['pending', 'calling'])));
  try {
    const perform = PERFORMERS[effect.kind];
    if (!perform) throw new EffectError(`unknown effect ${effect.kind}`);
    const { result, event } = await perform(db, loaded, effect, ctx);
    await db.transaction(async (tx) => {
      const [marked] = await tx
        .update(localEffects)
        .set({ status: 'done', result, lastError: null })
        .where(and(eq(localEffects.id, effectId), eq(localEffects.status, 'calling')))
        .returning({ id: localEffects.id });
      if (!marked) return;
      if (effect.kind === 'startDingTalk' && typeof result.dingtalkInstanceId === 'string') {
        await tx
          .insert(localDingtalkLinks)
          .values({
            runId: effect.runId,
            stepId: String(effect.payload.stepId),
            connectorId: String(result.connectorId),
            processCode: String(result.processCode),
            dingtalkInstanceId: result.dingtalkInstanceId,
          })
          .onConflictDoNothing();
        await onLinkRecorded(tx, {
          connectorId: String(result.connectorId),
          dingtalkInstanceId: result.dingtalkInstanceId,
        });
      }
      if (event) await applyLocalEvent(tx, effect.runId, event);
    });
    return 'done';
  } catch (error) {
    const verdict = classifyFailure(error, { isFinalAttempt: ctx.isFinalAttempt });
    const reason = verdict.reason.slice(0, 500);
    if (verdict.willRetry) {
      await db.update(localEffects).set({ lastError: reason }).where(eq(localEffects.id, effectId));
      throw error;
    }
    ctx.log.warn({ effectId, kind: effect.kind, reason }, 'local workflow effect failed');
    await db.transaction(async (tx) => {
      await tx
        .update(localEffects)
        .set({ status: 'failed', lastError: reason })
        .where(eq(localEffects.id, effectId));
      const stepId = effect.payload.stepId;
      if ((effect.kind === 'startDingTalk' || effect.kind === 'runAutomation') && typeof stepId === 'string')
        await applyLocalEvent(tx, effect.runId, { type: 'stepFailed', stepId, detail: reason });
    });
    return 'failed';
  }
}
