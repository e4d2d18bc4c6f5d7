import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  processInstances,
  sourceApprovalCentreInstances,
  sourceApprovalCentreTasks,
  sourceApprovalCentreTemplates,
  tasks,
} from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '../../load-connector';
import { AdapterError } from '../../types';
import { type DingTalkSettings, dingtalkSettings } from '../config';
import { insideDingTalkLink } from '../links';
import {
  createProcessCentreInstance,
  createProcessCentreTasks,
  findProcessCentreTask,
  findProcessCentreTemplate,
  finishProcessCentreInstance,
  PROCESS_CENTRE_LIMITS,
  type ProcessCentreTaskUpdate,
  saveProcessCentreTemplate,
  updateProcessCentreTasks,
} from '../process-centre';
import { dingtalkAccountOf } from '../workflow-bridge';

export type ApprovalCentreSyncResult = {
  instances: number;
  tasks: number;
  updated: number;
  finished: number;
};

/** Test seams (a worker kill there): after the instance id is stored, before its tasks; after a task's call. */
export const sourcePcCrashPoints: { afterInstanceStored?: () => void; afterTaskCreated?: () => void } = {};

/** The process-centre activityId of an open-API task: names the task and its instance (found again by it). */
export function sourceActivityIdOf(instanceId: string, taskId: string): string {
  return `${taskId}@${instanceId}`;
}

/** A decided task as a process-centre update: agree/refuse complete it, anything else (transfer, revoke) cancels. */
export function sourceTaskUpdateOf(
  task: { status: string; result: string | null },
  pcTaskId: number,
): ProcessCentreTaskUpdate {
  if (task.status === 'done' && (task.result === 'agree' || task.result === 'refuse'))
    return { taskId: pcTaskId, status: 'COMPLETED', result: task.result === 'agree' ? 'AGREE' : 'REFUSE' };
  return { taskId: pcTaskId, status: 'CANCELED' };
}

/** How an ended instance shows in DingTalk: approved or refused, else terminated (revoked, cancelled, deleted). */
export function sourceInstanceUpdateOf(status: string, result: string | null) {
  if (status === 'completed')
    return { status: 'COMPLETED', result: result === 'refuse' ? 'refuse' : 'agree' } as const;
  return { status: 'TERMINATED', result: 'refuse' } as const;
}

const TRANSIENT = new Set(['integrated.concurrency.error', 'integrated.qps.exceed']);

/**
 * An open-API instance in DingTalk's approval centre (三方流程对接, §5.10), for a connector whose setting puts
 * its instances there (`notices.approvalCentre`; then its tasks are never also mirrored into 待办). Brings
 * DingTalk in line with the instance as stored now, the same calls and the same idempotency as the local
 * workflows' approval-centre effects (lib/connectors/local/*approval-centre*):
 * - the template of the instance's process is registered once (found again by its name after a lost answer);
 * - the instance is created once, with Huiban's detail URL opening inside DingTalk, and its id is stored
 *   before any task is created, so a retry after a kill continues with it (no empty, no second instance);
 * - one process-centre task per pending approval task whose assignee has a DingTalk account; a task left
 *   `creating` by a killed run is looked up among the assignee's todoTasks (activityId) before creating;
 * - ended tasks are COMPLETED (agree/refuse) or CANCELED; an ended instance is finished or TERMINATED.
 * Runs serialised per instance (advisory lock); each state change commits on its own, so a crash loses at
 * most the answer of the one call in flight.
 */
export async function syncApprovalCentre(
  db: Db,
  input: { instanceId: string; dingtalkConnectorId: string; url: string },
): Promise<ApprovalCentreSyncResult> {
  const result: ApprovalCentreSyncResult = { instances: 0, tasks: 0, updated: 0, finished: 0 };
  return db.transaction(async (lock) => {
    await lock.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`pc-source:${input.instanceId}`}))`);
    const [instance] = await db
      .select()
      .from(processInstances)
      .where(eq(processInstances.id, input.instanceId));
    if (!instance) return result;
    const rows = await db
      .select({
        id: tasks.id,
        kind: tasks.kind,
        userId: tasks.assigneeUserId,
        status: tasks.status,
        result: tasks.result,
      })
      .from(tasks)
      .where(and(eq(tasks.instanceId, instance.id), eq(tasks.kind, 'approval')));
    let [centre] = await db
      .select()
      .from(sourceApprovalCentreInstances)
      .where(eq(sourceApprovalCentreInstances.instanceId, instance.id));
    const pending = rows.filter((t) => t.status === 'pending' && t.userId);
    if (!centre && (pending.length === 0 || instance.status !== 'running')) return result;

    const connector = await unsafeLoadConnectorRuntime(db, input.dingtalkConnectorId);
    if (connector?.kind !== 'dingtalk' || !connector.enabled) return result;
    const s = dingtalkSettings(connector);
    const url = insideDingTalkLink(input.url);

    if (!centre) {
      [centre] = await db
        .insert(sourceApprovalCentreInstances)
        .values({
          instanceId: instance.id,
          dingtalkConnectorId: input.dingtalkConnectorId,
          state: 'creating',
        })
        .returning();
    }
    if (!centre) return result;
    if (centre.state === 'failed' || centre.state === 'finished') return result;

    if (centre.state === 'creating') {
      const claimedId = centre.id;
      const originator = instance.originatorUserId
        ? await dingtalkAccountOf(db, input.dingtalkConnectorId, instance.originatorUserId)
        : null;
      const processCode = await ensureSourceTemplate(db, s, {
        sourceConnectorId: instance.connectorId,
        processKey: instance.processCode ?? '',
        dingtalkConnectorId: input.dingtalkConnectorId,
        name: instance.processName ?? instance.title,
      });
      try {
        const pcInstanceId = await createProcessCentreInstance(s, {
          processCode,
          // DingTalk wants an originator of the org; an originator without an account shows as the first approver.
          originatorUserId:
            originator?.userId ?? (await firstAccount(db, input.dingtalkConnectorId, pending)) ?? '',
          url,
          title: instance.title,
          formComponentValueList: (instance.formValues ?? [])
            .filter((v) => v.type !== 'attachments' && v.type !== 'table')
            .map((v) => ({ name: v.name, value: v.display ?? (v.value == null ? '' : String(v.value)) })),
        });
        // Durable before the tasks (the crash window of an empty instance is closed by this one row).
        [centre] = await db
          .update(sourceApprovalCentreInstances)
          .set({ state: 'created', processCode, pcInstanceId, lastError: null })
          .where(eq(sourceApprovalCentreInstances.id, claimedId))
          .returning();
        result.instances++;
        sourcePcCrashPoints.afterInstanceStored?.();
      } catch (error) {
        await failIfFinal(db, sourceApprovalCentreInstances, claimedId, error);
        throw error;
      }
    }
    if (!centre?.pcInstanceId) return result;
    const pcInstanceId = centre.pcInstanceId;
    const centreId = centre.id;

    const made = new Map(
      (
        await db
          .select()
          .from(sourceApprovalCentreTasks)
          .where(
            inArray(
              sourceApprovalCentreTasks.taskId,
              rows.map((t) => t.id),
            ),
          )
      ).map((r) => [r.taskId, r]),
    );
    let count = made.size;
    for (const task of pending) {
      const known = made.get(task.id);
      if (known && known.state !== 'creating') continue;
      if (!known && count >= PROCESS_CENTRE_LIMITS.tasksPerInstance) break;
      const account = await dingtalkAccountOf(db, input.dingtalkConnectorId, task.userId as string);
      if (!account) continue;
      const [row] = known
        ? [known]
        : await db
            .insert(sourceApprovalCentreTasks)
            .values({
              taskId: task.id,
              centreInstanceId: centreId,
              dingtalkUserId: account.userId,
              state: 'creating',
            })
            .returning();
      if (!row) continue;
      if (!known) count++;
      const activityId = sourceActivityIdOf(instance.id, task.id);
      try {
        const found = known
          ? await findProcessCentreTask(
              s,
              row.dingtalkUserId,
              (t) => t.processInstanceId === pcInstanceId && t.activityId === activityId,
            )
          : null;
        const pcTaskId =
          found?.taskId ??
          (
            await createProcessCentreTasks(s, {
              processInstanceId: pcInstanceId,
              activityId,
              tasks: [{ userId: row.dingtalkUserId, url }],
            })
          )[0]?.taskId;
        if (pcTaskId === undefined)
          throw new AdapterError('DingTalk task create answered without a task', { retryable: true });
        sourcePcCrashPoints.afterTaskCreated?.();
        await db
          .update(sourceApprovalCentreTasks)
          .set({ state: 'created', pcTaskId, lastError: null })
          .where(eq(sourceApprovalCentreTasks.id, row.id));
        made.set(task.id, { ...row, state: 'created', pcTaskId });
        if (!found) result.tasks++;
      } catch (error) {
        await failIfFinal(db, sourceApprovalCentreTasks, row.id, error);
        throw error;
      }
    }

    // Ended tasks follow (a task killed mid-creation and ended meanwhile is first found or created above only
    // while pending; one still `creating` now is looked up once more so it does not stay RUNNING in DingTalk).
    for (const task of rows) {
      if (task.status === 'pending') continue;
      let row = made.get(task.id);
      if (row?.state === 'creating') {
        const activityId = sourceActivityIdOf(instance.id, task.id);
        const found = await findProcessCentreTask(
          s,
          row.dingtalkUserId,
          (t) => t.processInstanceId === pcInstanceId && t.activityId === activityId,
        );
        await db
          .update(sourceApprovalCentreTasks)
          .set(found ? { state: 'created', pcTaskId: found.taskId } : { state: 'updated' })
          .where(eq(sourceApprovalCentreTasks.id, row.id));
        row = found ? { ...row, state: 'created', pcTaskId: found.taskId } : undefined;
      }
      if (row?.state !== 'created' || row.pcTaskId == null) continue;
      const update = sourceTaskUpdateOf(task, row.pcTaskId);
      try {
        await updateProcessCentreTasks(s, { processInstanceId: pcInstanceId, tasks: [update] });
      } catch (error) {
        // Already decided in DingTalk (a retry of our own earlier success, or someone finished it there).
        if (!(error instanceof AdapterError && error.sourceCode === 'integrated.state.invalid')) throw error;
      }
      await db
        .update(sourceApprovalCentreTasks)
        .set({ state: 'updated' })
        .where(eq(sourceApprovalCentreTasks.id, row.id));
      result.updated++;
    }

    if (instance.status !== 'running') {
      const update = sourceInstanceUpdateOf(instance.status, instance.result);
      try {
        await finishProcessCentreInstance(s, { processInstanceId: pcInstanceId, ...update });
      } catch (error) {
        if (!(error instanceof AdapterError && error.sourceCode === 'integrated.state.invalid')) throw error;
      }
      await db
        .update(sourceApprovalCentreInstances)
        .set({ state: 'finished' })
        .where(eq(sourceApprovalCentreInstances.id, centreId));
      result.finished++;
    }
    return result;
  });
}

async function firstAccount(db: Db, dingtalkConnectorId: string, pending: { userId: string | null }[]) {
  for (const t of pending) {
    const account = t.userId ? await dingtalkAccountOf(db, dingtalkConnectorId, t.userId) : null;
    if (account) return account.userId;
  }
  return null;
}

/** A final DingTalk answer is recorded on the row (shown on the connector page); a transient one is retried. */
async function failIfFinal(
  db: Db,
  table: typeof sourceApprovalCentreInstances | typeof sourceApprovalCentreTasks,
  id: string,
  error: unknown,
) {
  const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const final = error instanceof AdapterError && !error.retryable && !TRANSIENT.has(error.sourceCode ?? '');
  await db
    .update(table)
    .set(final ? { state: 'failed', lastError } : { lastError })
    .where(eq(table.id, id));
}

/**
 * The processCode of the process-centre template for an open-API process, registered when missing (found by
 * its name first: a registration whose answer was lost). Serialised per process by an advisory lock.
 */
async function ensureSourceTemplate(
  db: Db,
  s: DingTalkSettings,
  key: { sourceConnectorId: string; processKey: string; dingtalkConnectorId: string; name: string },
): Promise<string> {
  const where = and(
    eq(sourceApprovalCentreTemplates.sourceConnectorId, key.sourceConnectorId),
    eq(sourceApprovalCentreTemplates.processKey, key.processKey),
    eq(sourceApprovalCentreTemplates.dingtalkConnectorId, key.dingtalkConnectorId),
  );
  const [known] = await db.select().from(sourceApprovalCentreTemplates).where(where);
  if (known?.processCode) return known.processCode;
  const name = `${key.name}（汇办）`.slice(0, 200);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext(${`pc-source-template:${key.sourceConnectorId}:${key.processKey}:${key.dingtalkConnectorId}`}))`,
    );
    const [row] = await tx.select().from(sourceApprovalCentreTemplates).where(where);
    if (row?.processCode) return row.processCode;
    const processCode =
      (await findProcessCentreTemplate(s, name)) ??
      (await saveProcessCentreTemplate(s, {
        name,
        description: `${key.name}: Huiban`,
        formComponents: [
          { componentType: 'TextField', props: { componentId: 'TextField_summary', label: '摘要' } },
        ],
      }));
    await tx
      .insert(sourceApprovalCentreTemplates)
      .values({ ...key, name, processCode })
      .onConflictDoUpdate({
        target: [
          sourceApprovalCentreTemplates.sourceConnectorId,
          sourceApprovalCentreTemplates.processKey,
          sourceApprovalCentreTemplates.dingtalkConnectorId,
        ],
        set: { name, processCode, lastError: null },
      });
    return processCode;
  });
}
