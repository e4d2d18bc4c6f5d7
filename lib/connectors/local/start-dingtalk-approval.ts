import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type LocalEffect, localDingtalkLinks } from '@/db/schema';
import { dingtalkAccountOf, findStartedInstance, startDingTalkInstance } from '../dingtalk/workflow-bridge';
import { encodeFormValues } from './encode-form-values';
import { indexSteps } from './engine';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { type EffectContext, EffectError, type EffectResult } from './local-effect';

/**
 * Effect `startDingTalk`: starts the DingTalk approval of a `dingtalkApproval` step as the originator, the
 * form mapped onto the process's components. runLocalEffect() records the link in the same transaction.
 */
export async function startDingtalkApproval(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
): Promise<EffectResult> {
  const step = indexSteps(loaded.body.steps).get(String(effect.payload.stepId));
  if (step?.kind !== 'dingtalkApproval') throw new EffectError('步骤不存在');
  const s = await loadDingtalkSettings(db, step.connectorId);
  const originator = await dingtalkAccountOf(db, step.connectorId, loaded.originator.userId);
  if (!originator) throw new EffectError(`发起人 ${loaded.originator.name} 没有关联的钉钉账号`);
  const formComponentValues = await encodeFormValues(db, step, loaded.body.form, loaded.run.values);
  // A previous attempt was cut off after the call may have reached DingTalk: adopt what it started.
  const adopted =
    effect.status === 'calling'
      ? await findStartedInstance(s, {
          processCode: step.processCode,
          originatorUserId: originator.userId,
          formComponentValues,
          since: effect.createdAt,
          isTaken: async (id) =>
            (
              await db
                .select({ id: localDingtalkLinks.id })
                .from(localDingtalkLinks)
                .where(
                  and(
                    eq(localDingtalkLinks.connectorId, step.connectorId),
                    eq(localDingtalkLinks.dingtalkInstanceId, id),
                  ),
                )
            ).length > 0,
        })
      : null;
  const dingtalkInstanceId =
    adopted ??
    (await startDingTalkInstance(s, {
      processCode: step.processCode,
      originatorUserId: originator.userId,
      formComponentValues,
    }));
  ctx.log.info({ runId: loaded.run.id, dingtalkInstanceId }, 'local workflow started a DingTalk instance');
  return {
    result: { dingtalkInstanceId, connectorId: step.connectorId, processCode: step.processCode },
    event: { type: 'dingtalkStarted', stepId: step.id, dingtalkInstanceId },
  };
}
