import { and, eq, inArray, like, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type LocalEffect, localEffects } from '@/db/schema';
import { AdapterError } from '../types';
import { dingtalkTaskChannel } from './dingtalk-task-channel';
import type { LoadedRun } from './load-run';

/** The DingTalk connector the run's approval centre goes through, or null when the workflow does not use it. */
export function approvalCentreConnectorOf(loaded: LoadedRun): string | null {
  const channel = dingtalkTaskChannel(loaded.body.options);
  return channel?.via === 'approvalCentre' ? channel.connectorId : null;
}

/**
 * The process-centre activityId of a Huiban task: unique across runs, so a task whose creation answer was
 * lost is found again among its assignee's process-centre tasks (todoTasks) even before the instance id is
 * known.
 */
export function activityIdOf(runId: string, taskId: string): string {
  return `${taskId}@${runId}`;
}

/** What the `pcInstance` effect stores: the instance, and the tasks it created with it (Huiban id → taskId). */
export type PcInstanceResult = {
  processInstanceId: string;
  processCode: string;
  tasks: Record<string, number>;
};

const SETTLED = ['done', 'failed'];
const WAIT_BUDGET_MS = 5_000;
const POLL_MS = 100;

/**
 * The run's effects with these keys (or key prefixes ending in `%`), once every one of them is settled (done
 * or failed). An effect waits for what it depends on (the instance before its tasks, the tasks before the
 * instance is finished) for a few seconds, then throws a retryable error so the job retries later.
 */
export async function settledEffects(
  db: Db,
  runId: string,
  keys: string[],
  what: string,
): Promise<LocalEffect[]> {
  const exact = keys.filter((k) => !k.endsWith('%'));
  const prefixes = keys.filter((k) => k.endsWith('%'));
  const deadline = Date.now() + WAIT_BUDGET_MS;
  for (;;) {
    const rows = await db
      .select()
      .from(localEffects)
      .where(
        and(
          eq(localEffects.runId, runId),
          or(
            ...(exact.length ? [inArray(localEffects.key, exact)] : []),
            ...prefixes.map((p) => like(localEffects.key, p)),
          ),
        ),
      );
    if (rows.every((r) => SETTLED.includes(r.status))) return rows;
    if (Date.now() > deadline) throw new AdapterError(`waiting for ${what}`, { retryable: true });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The run's process-centre instance, once its effect is settled; null when it failed or was skipped. */
export async function pcInstanceOf(db: Db, runId: string): Promise<PcInstanceResult | null> {
  const [row] = await settledEffects(db, runId, ['pc-instance'], 'the approval-centre instance');
  const result = row?.status === 'done' ? (row.result as Partial<PcInstanceResult> | null) : null;
  return result?.processInstanceId ? (result as PcInstanceResult) : null;
}
