import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, slaEscalations, tasks, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import { sendNoticeToUser } from '@/lib/connectors/dingtalk/send-notice-to-user';
import { AdapterError } from '@/lib/connectors/types';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { translator } from '@/lib/i18n/translate';
import type { Logger } from '@/lib/log';
import { actAsAssignee } from '@/lib/tasks/actions/act-as-assignee';
import { recordHuibanLog } from '@/lib/tasks/write/record-huiban-log';
import type { ProcessSlaRule } from '../sla-rule';

type Outcome = 'sent' | 'not_notified' | 'acted' | 'skipped' | 'failed' | 'claimed';

/**
 * Does one claimed escalation step and records it: the notice or action, the row's outcome, a Huiban-made step
 * in the instance's timeline and an audit entry (actor: none, Huiban did it). A notice the source refused for a
 * passing reason (throttling, 5xx) leaves the claim to be taken up again; anything else ends the step.
 */
export async function runEscalation(
  db: Db,
  input: { escalationId: string; rule: ProcessSlaRule; now: Date; log?: Logger | undefined },
): Promise<Outcome> {
  const [row] = await db
    .select({
      id: slaEscalations.id,
      stage: slaEscalations.stage,
      taskId: tasks.id,
      instanceId: tasks.instanceId,
      connectorId: tasks.connectorId,
      nodeName: tasks.nodeName,
      dueAt: tasks.dueAt,
      assigneeUserId: tasks.assigneeUserId,
      assigneeName: users.name,
      managerId: users.managerId,
      title: processInstances.title,
    })
    .from(slaEscalations)
    .innerJoin(tasks, eq(tasks.id, slaEscalations.taskId))
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .leftJoin(users, eq(users.id, tasks.assigneeUserId))
    .where(eq(slaEscalations.id, input.escalationId));
  if (!row?.assigneeUserId) return finish(db, input.escalationId, 'skipped', null, 'no assignee');
  const [manager] = row.managerId
    ? await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.managerId))
    : [];
  const t = translator('zh-CN', 'sla');
  const url = `${env().APP_URL.replace(/\/$/, '')}/instances/${row.instanceId}`;
  const assignee = { externalUserId: row.assigneeUserId, name: row.assigneeName };
  const step = { ...row, url };

  try {
    if (row.stage === 'remind') {
      const outcome = await sendNoticeToUser(db, {
        userId: row.assigneeUserId,
        preferConnectorId: row.connectorId,
        title: t('notice.remind', { title: row.title }),
        text: t('notice.remindText', { title: row.title }),
        url,
      });
      return record(db, step, 'sla_remind', outcome, row.assigneeUserId, [assignee]);
    }
    if (row.stage === 'overdue') {
      if (!manager) return record(db, step, 'sla_overdue', noManager, null, []);
      const outcome = await sendNoticeToUser(db, {
        userId: manager.id,
        preferConnectorId: row.connectorId,
        title: t('notice.overdue', { name: row.assigneeName ?? '', title: row.title }),
        text: t('notice.overdueText', { name: row.assigneeName ?? '', title: row.title }),
        url,
      });
      return record(db, step, 'sla_overdue', outcome, manager.id, [
        { externalUserId: manager.id, name: manager.name },
      ]);
    }
    const after = input.rule.afterOverdue;
    if (!after) return finish(db, row.id, 'skipped', null, 'no further action configured');
    if (after.action === 'transfer' && !manager) return record(db, step, 'sla_transfer', noManager, null, []);
    const remark = t(`remark.${after.action}`);
    const { actionId } = await actAsAssignee(
      db,
      // Huiban acts in the assignee's name through the one action path (write-back job, snapshot confirmation).
      { viewer: { userId: row.assigneeUserId, name: 'Huiban', isAdmin: false }, isAdminOverride: false },
      after.action === 'transfer'
        ? { taskId: row.taskId, action: 'transfer', targetUserId: manager?.id as string, remark }
        : after.action === 'agree'
          ? { taskId: row.taskId, action: 'agree', remark }
          : { taskId: row.taskId, action: 'refuse', remark },
      {},
    );
    return record(
      db,
      step,
      `sla_${after.action}`,
      { status: 'acted', actionId },
      manager?.id ?? null,
      after.action === 'transfer' && manager
        ? [{ externalUserId: manager.id, name: manager.name }]
        : [assignee],
    );
  } catch (error) {
    if (error instanceof AdapterError && error.retryable) {
      input.log?.warn({ err: error, escalationId: row.id }, 'SLA notice deferred');
      return 'claimed';
    }
    // The task was acted on meanwhile (conflict), or the source refused for good.
    const status = error instanceof AppError && error.code === 'conflict' ? 'skipped' : 'failed';
    const message = error instanceof Error ? error.message.slice(0, 300) : String(error);
    input.log?.warn({ err: error, escalationId: row.id }, 'SLA escalation did not complete');
    return finish(db, row.id, status, null, message);
  }
}

const noManager = { status: 'not_notified', reason: 'no_manager' } as const;

type StepOutcome =
  | { status: 'sent'; noticeId: number }
  | { status: 'not_notified'; reason: string }
  | { status: 'acted'; actionId: string };

async function record(
  db: Db,
  step: { id: string; taskId: string; instanceId: string; nodeName: string | null; dueAt: Date | null },
  action: string,
  outcome: StepOutcome,
  recipientUserId: string | null,
  targets: { externalUserId: string; name: string | null }[],
): Promise<Outcome> {
  const detail = outcome.status === 'not_notified' ? outcome.reason : null;
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(slaEscalations)
      .set({ status: outcome.status, recipientUserId, detail, finishedAt: now })
      .where(eq(slaEscalations.id, step.id));
    // The timeline shows who was told; a "not notified" step says why (`not_notified:<reason>`).
    await recordHuibanLog(tx, {
      instanceId: step.instanceId,
      externalRecordId: `huiban:sla:${step.id}`,
      action,
      result: outcome.status === 'not_notified' ? `not_notified:${outcome.reason}` : null,
      nodeName: step.nodeName,
      targets,
      occurredAt: now,
    });
    await recordAudit(tx, {
      actorUserId: null,
      action: `sla.${action.replace(/^sla_/, '')}`,
      targetType: 'task',
      targetId: step.taskId,
      details: {
        status: outcome.status,
        recipientUserId,
        dueAt: step.dueAt?.toISOString() ?? null,
        ...(detail ? { reason: detail } : {}),
        ...(outcome.status === 'acted' ? { actionId: outcome.actionId } : {}),
      },
    });
  });
  return outcome.status;
}

async function finish(
  db: Db,
  escalationId: string,
  status: 'skipped' | 'failed',
  recipientUserId: string | null,
  detail: string,
): Promise<Outcome> {
  await db
    .update(slaEscalations)
    .set({ status, recipientUserId, detail, finishedAt: new Date() })
    .where(eq(slaEscalations.id, escalationId));
  return status;
}
