import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, tasks, urgeNotices, urges } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { canUrgeInstance } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { usersReachableInDingTalk } from '@/lib/connectors/dingtalk/send-notice-to-user';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { listStepTasks } from '@/lib/tasks/inbox/list-pending-steps';
import { waitingItemsOf } from '@/lib/tasks/inbox/pending-step';
import { URGE_INTERVAL_MS } from '@/lib/tasks/inbox/urge-window';
import { recordHuibanLog } from '@/lib/tasks/write/record-huiban-log';

export type UrgeRecipient = {
  name: string;
  /** False: the approver has no DingTalk account Huiban knows, so no notice can reach them (not an error). */
  reachable: boolean;
};

export type UrgeAnswer = {
  urgeId: string;
  urgedAt: string;
  /** When the request may be urged again. */
  nextAllowedAt: string;
  recipients: UrgeRecipient[];
};

/**
 * 催办 (docs/reminders.md): the originator (or an admin) urges the current approvers of their running request.
 * Race-safe at most once per hour: the instance's row lock serialises urges, and the last urge's time is read
 * under it, so of two concurrent clicks one urges and the other gets 429 `rate_limited` with `retryAt`. The urge,
 * one notice row per waiting approver, the timeline entry ("王敏 催办了 李四"), the audit entry and the job that
 * sends the notices commit together.
 */
export async function urgeInstance(
  db: Db,
  viewer: Viewer,
  input: { instanceId: string },
  meta: RequestMeta = {},
  now: Date = new Date(),
): Promise<UrgeAnswer> {
  return db.transaction(async (tx) => {
    // NO KEY UPDATE: serialises urges of one instance without blocking a task action's KEY SHARE on it.
    const [instance] = await tx
      .select({
        id: processInstances.id,
        status: processInstances.status,
        originatorUserId: processInstances.originatorUserId,
      })
      .from(processInstances)
      .where(eq(processInstances.id, input.instanceId))
      .for('no key update');
    if (!instance) throw new AppError('not_found', 'reminders:error.notFound');
    if (!canUrgeInstance(viewer, instance)) throw new AppError('forbidden', 'reminders:error.forbidden');
    if (instance.status !== 'running') throw new AppError('conflict', 'reminders:error.finished');

    const [last] = await tx
      .select({ createdAt: urges.createdAt })
      .from(urges)
      .where(eq(urges.instanceId, instance.id))
      .orderBy(desc(urges.createdAt))
      .limit(1);
    if (last && now.getTime() - last.createdAt.getTime() < URGE_INTERVAL_MS) {
      const retryAt = new Date(last.createdAt.getTime() + URGE_INTERVAL_MS).toISOString();
      throw new AppError('rate_limited', 'reminders:error.tooSoon', {
        issues: [
          {
            path: 'instanceId',
            message: 'reminders:error.tooSoon',
            code: 'urge_too_soon',
            params: { retryAt },
          },
        ],
      });
    }

    const items = (await listStepTasks(tx, [instance.id])).get(instance.id) ?? [];
    const waiting = waitingItemsOf(items);
    if (waiting.length === 0) throw new AppError('conflict', 'reminders:error.nobody');
    const reachable = await usersReachableInDingTalk(
      tx,
      waiting.flatMap((w) => (w.userId ? [w.userId] : [])),
    );

    const [urge] = await tx
      .insert(urges)
      .values({ instanceId: instance.id, urgedByUserId: viewer.userId, createdAt: now })
      .returning({ id: urges.id });
    if (!urge) throw new Error('urge insert failed');
    await tx.insert(urgeNotices).values(
      waiting.map((w) => ({
        urgeId: urge.id,
        taskId: w.id,
        recipientUserId: w.userId,
        recipientName: w.name,
        // Nobody to send to is known now: recorded as such, never sent.
        ...(w.userId && reachable.has(w.userId)
          ? {}
          : { status: 'not_notified' as const, reason: 'no_dingtalk_account' }),
      })),
    );
    const externalIds = await tx
      .select({ id: tasks.id, externalUserId: tasks.assigneeExternalId })
      .from(tasks)
      .where(
        inArray(
          tasks.id,
          waiting.map((w) => w.id),
        ),
      );
    const externalOf = new Map(externalIds.map((r) => [r.id, r.externalUserId]));
    await recordHuibanLog(tx, {
      instanceId: instance.id,
      externalRecordId: `huiban:urge:${urge.id}`,
      action: 'urge',
      actor: { userId: viewer.userId, name: viewer.name },
      nodeName: waiting[0]?.nodeName ?? null,
      targets: waiting.map((w) => ({ externalUserId: externalOf.get(w.id) ?? w.id, name: w.name })),
      occurredAt: now,
    });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'instance.urge',
      targetType: 'instance',
      targetId: instance.id,
      details: {
        urgeId: urge.id,
        recipients: waiting.map((w) => ({
          userId: w.userId,
          name: w.name,
          reachable: !!w.userId && reachable.has(w.userId),
        })),
      },
      ...meta,
    });
    await sendJob(tx, 'send-urge-notices', { urgeId: urge.id }, { singletonKey: urge.id });
    return {
      urgeId: urge.id,
      urgedAt: now.toISOString(),
      nextAllowedAt: new Date(now.getTime() + URGE_INTERVAL_MS).toISOString(),
      recipients: waiting.map((w) => ({ name: w.name, reachable: !!w.userId && reachable.has(w.userId) })),
    };
  });
}
