import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { taskTodoMirrors } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '../../load-connector';
import { AdapterError } from '../../types';
import { dingtalkSettings } from '../config';
import { completeTodo, createTodo, dingtalkAccountOf } from '../workflow-bridge';

/**
 * An open-API task as the assignee's DingTalk 待办 (§9), through the same calls as the local-workflow mirror
 * (workflow-bridge createTodo / completeTodo). Loop-safe: the `huiban:task:` source id marks it as Huiban's own,
 * and Huiban never ingests 待办 as tasks. Idempotent: the row is claimed first, and createTodo finds the 待办 a
 * lost answer created by its source id.
 */
export async function mirrorTaskTodo(
  db: Db,
  input: {
    taskId: string;
    userId: string;
    dingtalkConnectorId: string;
    subject: string;
    url: string;
    dueAt: Date | null;
  },
): Promise<'created' | 'skipped' | 'failed' | 'taken'> {
  const account = await dingtalkAccountOf(db, input.dingtalkConnectorId, input.userId);
  if (!account?.unionId) return 'skipped';
  await db
    .insert(taskTodoMirrors)
    .values({
      taskId: input.taskId,
      dingtalkConnectorId: input.dingtalkConnectorId,
      unionId: account.unionId,
      state: 'creating',
    })
    .onConflictDoNothing({ target: taskTodoMirrors.taskId });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(taskTodoMirrors)
      .where(and(eq(taskTodoMirrors.taskId, input.taskId), eq(taskTodoMirrors.state, 'creating')))
      .for('update', { skipLocked: true });
    if (!row) return 'taken';
    const connector = await unsafeLoadConnectorRuntime(tx, row.dingtalkConnectorId);
    if (connector?.kind !== 'dingtalk' || !connector.enabled) {
      await tx
        .update(taskTodoMirrors)
        .set({ state: 'failed', lastError: 'DingTalk connector missing or disabled' })
        .where(eq(taskTodoMirrors.id, row.id));
      return 'failed';
    }
    try {
      const todoId = await createTodo(dingtalkSettings(connector), row.unionId, {
        sourceId: `huiban:task:${input.taskId}`,
        subject: input.subject,
        dueTime: input.dueAt?.getTime(),
        detailUrl: { appUrl: input.url, pcUrl: input.url },
      });
      await tx
        .update(taskTodoMirrors)
        .set({ state: 'created', todoId })
        .where(eq(taskTodoMirrors.id, row.id));
      return 'created';
    } catch (error) {
      if (!(error instanceof AdapterError) || error.retryable) throw error;
      await tx
        .update(taskTodoMirrors)
        .set({ state: 'failed', lastError: error.message })
        .where(eq(taskTodoMirrors.id, row.id));
      return 'failed';
    }
  });
}

/** The task ended: its mirrored 待办 is marked done (done twice is still done at DingTalk). */
export async function completeTaskTodo(db: Db, taskId: string): Promise<'completed' | 'taken'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(taskTodoMirrors)
      .where(and(eq(taskTodoMirrors.taskId, taskId), eq(taskTodoMirrors.state, 'created')))
      .for('update', { skipLocked: true });
    if (!row?.todoId) return 'taken';
    const connector = await unsafeLoadConnectorRuntime(tx, row.dingtalkConnectorId);
    let lastError: string | null = null;
    if (connector?.kind === 'dingtalk' && connector.enabled) {
      try {
        await completeTodo(dingtalkSettings(connector), row.unionId, row.todoId);
      } catch (error) {
        if (!(error instanceof AdapterError) || error.retryable) throw error;
        lastError = error.message;
      }
    } else lastError = 'DingTalk connector missing or disabled';
    await tx
      .update(taskTodoMirrors)
      .set({ state: 'completed', lastError })
      .where(eq(taskTodoMirrors.id, row.id));
    return 'completed';
  });
}
