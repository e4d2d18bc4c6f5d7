import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  processInstances,
  processSettings,
  sourceApprovalCentreInstances,
  taskNotices,
  tasks,
  taskTodoMirrors,
} from '@/db/schema';
import { rawEnv } from '@/lib/env';
import { outcomeOf } from './build-task-notice';
import { closeTaskNotice } from './close-task-notice';
import { completeTaskTodo, mirrorTaskTodo } from './mirror-task-todo';
import { noticePolicyOf } from './notice-policy';
import { deliverTaskNotice, sendTaskNotice } from './send-task-notice';
import { type ApprovalCentreSyncResult, syncApprovalCentre } from './sync-approval-centre';

export type AnnounceTasksResult = {
  sent: number;
  closed: number;
  skipped: number;
  todos: number;
  /** What the approval centre did (open-API connectors with `approvalCentre` on). */
  approvalCentre?: ApprovalCentreSyncResult;
};

/** A cc item is announced only while it is news (it is born done, so it has no end to report). */
const CC_NEWS_MS = 24 * 3_600_000;

/**
 * The `announce-tasks` job for one instance of a source that does not notify by itself (open API, local
 * workflows): reads the instance as stored now and brings DingTalk in line, per task and idempotently:
 * - a pending approval task (or a fresh cc item) without a notice gets one (sendTaskNotice: once per task);
 * - a notice left `sending` by a crashed run is delivered again (the same stored message);
 * - a sent notice whose task ended gets its status bar set to the outcome (closeTaskNotice);
 * - with the connector's 待办 mirror on, pending approval tasks get a 待办, completed when they end;
 * - with its approval centre on instead (never both), the instance and one task per approver are in DingTalk's
 *   approval centre, updated and finished as they end (syncApprovalCentre). Once an instance is there, it is
 *   followed by every later run of the job (with the setting's DingTalk connector of that time).
 * Ended tasks' notices are closed even when the connector has since stopped announcing.
 */
export async function announceTasks(
  db: Db,
  key: { connectorId: string; externalId: string },
  now: Date = new Date(),
): Promise<AnnounceTasksResult> {
  const result: AnnounceTasksResult = { sent: 0, closed: 0, skipped: 0, todos: 0 };
  const [instance] = await db
    .select({
      id: processInstances.id,
      source: processInstances.source,
      title: processInstances.title,
      processCode: processInstances.processCode,
      originatorName: processInstances.originatorName,
      summary: processInstances.summary,
      formValues: processInstances.formValues,
    })
    .from(processInstances)
    .where(
      and(eq(processInstances.connectorId, key.connectorId), eq(processInstances.externalId, key.externalId)),
    );
  if (!instance) return result;
  const rows = await db
    .select({
      id: tasks.id,
      kind: tasks.kind,
      userId: tasks.assigneeUserId,
      status: tasks.status,
      result: tasks.result,
      nodeName: tasks.nodeName,
      receivedAt: tasks.receivedAt,
      dueAt: tasks.dueAt,
    })
    .from(tasks)
    .where(eq(tasks.instanceId, instance.id));
  const ids = rows.map((t) => t.id);
  if (ids.length === 0) return result;
  const notices = new Map(
    (
      await db
        .select({ id: taskNotices.id, taskId: taskNotices.taskId, state: taskNotices.state })
        .from(taskNotices)
        .where(inArray(taskNotices.taskId, ids))
    ).map((n) => [n.taskId, n]),
  );
  const todos = new Map(
    (
      await db
        .select({ taskId: taskTodoMirrors.taskId, state: taskTodoMirrors.state })
        .from(taskTodoMirrors)
        .where(inArray(taskTodoMirrors.taskId, ids))
    ).map((m) => [m.taskId, m]),
  );
  const policy = await noticePolicyOf(db, instance.source, key);
  const url = `${(rawEnv().APP_URL || 'http://localhost:3000').replace(/\/$/, '')}/instances/${instance.id}`;
  const fields = await summaryFieldsOf(db, key.connectorId, instance);

  for (const task of rows) {
    const notice = notices.get(task.id);
    const outcome = task.kind === 'approval' ? outcomeOf(task) : null;
    if (notice?.state === 'sending') {
      if ((await deliverTaskNotice(db, notice.id, now)) === 'sent') result.sent++;
    } else if (!notice && policy?.announce && task.userId && isNews(task, now)) {
      const sent = await sendTaskNotice(
        db,
        {
          taskId: task.id,
          kind: task.kind === 'cc' ? 'cc' : 'approval',
          userId: task.userId,
          sourceConnectorId: key.connectorId,
          dingtalkConnectorId: policy.dingtalkConnectorId,
        },
        {
          kind: task.kind === 'cc' ? 'cc' : 'approval',
          title: instance.title,
          originatorName: instance.originatorName,
          nodeName: task.nodeName,
          fields,
          url,
        },
        now,
      );
      if (sent === 'sent') result.sent++;
      if (sent === 'skipped') result.skipped++;
    }
    // Re-read: the notice may have been sent just above for a task that has already ended meanwhile.
    if (outcome && (notice?.state === 'sent' || notice?.state === 'sending' || !notice)) {
      const [current] = await db
        .select({ id: taskNotices.id, state: taskNotices.state })
        .from(taskNotices)
        .where(eq(taskNotices.taskId, task.id));
      if (current?.state === 'sent' && (await closeTaskNotice(db, current.id, outcome, now)) === 'closed')
        result.closed++;
    }

    const todo = todos.get(task.id);
    if (task.kind !== 'approval' || !task.userId) continue;
    if (!todo && policy?.mirrorTodo && task.status === 'pending') {
      const mirrored = await mirrorTaskTodo(db, {
        taskId: task.id,
        userId: task.userId,
        dingtalkConnectorId: policy.dingtalkConnectorId,
        subject: instance.title,
        url,
        dueAt: task.dueAt,
      });
      if (mirrored === 'created') result.todos++;
    } else if (todo?.state === 'creating' && task.status === 'pending' && policy) {
      // A crashed run's claim: createTodo finds the 待办 a lost answer created by its source id.
      const mirrored = await mirrorTaskTodo(db, {
        taskId: task.id,
        userId: task.userId,
        dingtalkConnectorId: policy.dingtalkConnectorId,
        subject: instance.title,
        url,
        dueAt: task.dueAt,
      });
      if (mirrored === 'created') result.todos++;
    }
    if (outcome) await completeTaskTodo(db, task.id);
  }
  const [centre] = await db
    .select({ dingtalkConnectorId: sourceApprovalCentreInstances.dingtalkConnectorId })
    .from(sourceApprovalCentreInstances)
    .where(eq(sourceApprovalCentreInstances.instanceId, instance.id));
  const centreConnectorId =
    centre?.dingtalkConnectorId ?? (policy?.approvalCentre ? policy.dingtalkConnectorId : null);
  if (centreConnectorId)
    result.approvalCentre = await syncApprovalCentre(db, {
      instanceId: instance.id,
      dingtalkConnectorId: centreConnectorId,
      url,
    });
  return result;
}

function isNews(task: { kind: string; status: string; receivedAt: Date }, now: Date): boolean {
  if (task.kind === 'approval') return task.status === 'pending';
  return task.kind === 'cc' && now.getTime() - task.receivedAt.getTime() < CC_NEWS_MS;
}

/**
 * Two or three fields for the card: the process's summary fields (process settings) when an admin chose them,
 * else the instance's own summary (`名称：值；…`, as every adapter writes it).
 */
async function summaryFieldsOf(
  db: Db,
  connectorId: string,
  instance: {
    processCode: string | null;
    summary: string | null;
    formValues: { name: string; value: unknown; display?: string }[];
  },
): Promise<{ key: string; value: string }[]> {
  if (instance.processCode) {
    const [setting] = await db
      .select({ summaryFields: processSettings.summaryFields })
      .from(processSettings)
      .where(
        and(
          eq(processSettings.connectorId, connectorId),
          eq(processSettings.processCode, instance.processCode),
        ),
      );
    const chosen = (setting?.summaryFields ?? [])
      .map((name) => instance.formValues.find((v) => v.name === name))
      .filter((v) => v !== undefined)
      .map((v) => ({ key: v.name, value: v.display ?? (v.value == null ? '' : String(v.value)) }))
      .filter((f) => f.value !== '');
    if (chosen.length > 0) return chosen.slice(0, 3);
  }
  return (instance.summary ?? '')
    .split(/[；;]/)
    .map((part) => part.split(/[：:]/))
    .filter((kv) => kv.length >= 2 && kv[0]?.trim())
    .map(([k, ...v]) => ({ key: (k ?? '').trim(), value: v.join('：').trim() }))
    .slice(0, 3);
}
