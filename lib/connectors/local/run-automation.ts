import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import { callConnectAction } from './call-connect-action';
import { callWebhook } from './call-webhook';
import { indexSteps } from './engine';
import type { LoadedRun } from './load-run';
import { EffectError, type EffectResult } from './local-effect';

/** Effect `runAutomation`: an automation step's webhook or connect action; its result moves the run on. */
export async function runAutomation(db: Db, loaded: LoadedRun, effect: LocalEffect): Promise<EffectResult> {
  const step = indexSteps(loaded.body.steps).get(String(effect.payload.stepId));
  if (step?.kind !== 'automation') throw new EffectError('步骤不存在');
  const detail =
    step.action.type === 'webhook'
      ? await callWebhook(step.action, loaded, step, effect.id)
      : await callConnectAction(db, step.action, loaded, step.id);
  return {
    result: { detail },
    event: { type: 'automationFinished', stepId: step.id, ok: true, detail },
  };
}
