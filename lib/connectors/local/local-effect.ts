import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import type { Logger } from '@/lib/log';
import type { EngineEvent } from './engine';
import type { LoadedRun } from './load-run';

export type EffectContext = { log: Logger; isFinalAttempt: boolean };

/** What an effect stores on its row, and the engine event it causes (applied in the same transaction). */
export type EffectResult = { result: Record<string, unknown>; event?: EngineEvent };

/** One effect kind's call: throws AdapterError (retryable or not) or EffectError (final). */
export type PerformEffect = (
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
) => Promise<EffectResult>;

/**
 * A configuration problem no retry can fix (missing connector, no DingTalk account). `retryable: false` is
 * what classifyFailure() reads as final.
 */
export class EffectError extends Error {
  readonly retryable = false;
}

/** The run's task an effect is about (`payload.taskId`). */
export function taskOfEffect(loaded: LoadedRun, effect: LocalEffect) {
  return loaded.state.tasks.find((t) => t.id === effect.payload.taskId);
}
