import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type LocalEffect, localEffects } from '@/db/schema';
import { completeTodo } from '../dingtalk/workflow-bridge';
import { AdapterError } from '../types';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import type { EffectResult } from './local-effect';

/** Effect `completeTodo`: completes the 待办 that `mirrorTodo` created for the task, if it did. */
export async function completeMirroredTodo(
  db: Db,
  _loaded: LoadedRun,
  effect: LocalEffect,
): Promise<EffectResult> {
  const taskId = String(effect.payload.taskId);
  const [mirror] = await db
    .select()
    .from(localEffects)
    .where(and(eq(localEffects.runId, effect.runId), eq(localEffects.key, `todo:${taskId}`)));
  if (!mirror || mirror.status === 'failed') return { result: { skipped: true } };
  // The 待办 is still being created: try again shortly (a retryable error).
  if (mirror.status !== 'done') throw new AdapterError('the 待办 is not created yet', { retryable: true });
  const r = mirror.result as { todoId?: string; unionId?: string; connectorId?: string } | null;
  if (!r?.todoId || !r.unionId || !r.connectorId) return { result: { skipped: true } };
  await completeTodo(await loadDingtalkSettings(db, r.connectorId), r.unionId, r.todoId);
  return { result: { todoId: r.todoId } };
}
