import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { processInstances, tasks, urgeNotices, urges, users } from '@/db/schema';
import { sendNoticeToUser } from '@/lib/connectors/dingtalk/send-notice-to-user';
import { sourceLinkNoticeKinds } from '@/lib/connectors/registry/capabilities';
import { AdapterError } from '@/lib/connectors/types';
import { displayTimeZone, env } from '@/lib/env';
import { toLocale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translate';
import { formatLocalTime } from './format-local-time';

export type UrgeNoticesResult = { sent: number; notNotified: number; failed: number; taken: number };

/**
 * The job behind one 催办 (`send-urge-notices`): one DingTalk work notice per current approver still `pending`.
 * Idempotent: each row is sent under its row lock and marked in the same transaction, so a retried or duplicate
 * job skips what was sent and never sends twice. A throttled or unreachable DingTalk rethrows (the job retries);
 * a send that cannot succeed marks the row `failed`.
 */
export async function sendUrgeNotices(db: Db, input: { urgeId: string }): Promise<UrgeNoticesResult> {
  const result: UrgeNoticesResult = { sent: 0, notNotified: 0, failed: 0, taken: 0 };
  const ids = await db
    .select({ id: urgeNotices.id })
    .from(urgeNotices)
    .where(and(eq(urgeNotices.urgeId, input.urgeId), eq(urgeNotices.status, 'pending')));
  for (const { id } of ids) {
    const outcome = await sendOne(db, id);
    result[outcome] += 1;
  }
  return result;
}

const urger = alias(users, 'urger');
const originator = alias(users, 'originator');
const recipient = alias(users, 'recipient');

async function sendOne(db: Db, noticeId: string): Promise<'sent' | 'notNotified' | 'failed' | 'taken'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: urgeNotices.id,
        attempts: urgeNotices.attempts,
        recipientUserId: urgeNotices.recipientUserId,
        recipientLocale: recipient.locale,
        taskConnectorId: tasks.connectorId,
        source: sql<string>`${tasks.source}::text`,
        receivedAt: tasks.receivedAt,
        taskPcUrl: tasks.pcUrl,
        taskMobileUrl: tasks.mobileUrl,
        instanceId: processInstances.id,
        title: processInstances.title,
        instancePcUrl: processInstances.pcUrl,
        instanceMobileUrl: processInstances.mobileUrl,
        originatorName: originator.name,
        urgerName: urger.name,
      })
      .from(urgeNotices)
      .innerJoin(urges, eq(urges.id, urgeNotices.urgeId))
      .innerJoin(tasks, eq(tasks.id, urgeNotices.taskId))
      .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
      .leftJoin(originator, eq(originator.id, processInstances.originatorUserId))
      .leftJoin(urger, eq(urger.id, urges.urgedByUserId))
      .leftJoin(recipient, eq(recipient.id, urgeNotices.recipientUserId))
      .where(and(eq(urgeNotices.id, noticeId), eq(urgeNotices.status, 'pending')))
      .for('update', { of: urgeNotices, skipLocked: true });
    if (!row) return 'taken';
    const mark = (set: Partial<typeof urgeNotices.$inferInsert>) =>
      tx
        .update(urgeNotices)
        .set({ attempts: row.attempts + 1, ...set })
        .where(eq(urgeNotices.id, row.id));
    if (!row.recipientUserId) {
      await mark({ status: 'not_notified', reason: 'no_dingtalk_account' });
      return 'notNotified';
    }
    const locale = toLocale(row.recipientLocale);
    const t = translator(locale, 'reminders');
    const who = row.urgerName ?? t('notice.someone');
    const sourceOwnsPage = sourceLinkNoticeKinds().includes(row.source as never);
    const mobileUrl = row.taskMobileUrl ?? row.instanceMobileUrl;
    const pcUrl = row.taskPcUrl ?? row.instancePcUrl;
    try {
      const outcome = await sendNoticeToUser(tx, {
        userId: row.recipientUserId,
        preferConnectorId: row.taskConnectorId,
        title: t('notice.urgeTitle', { name: who, title: row.title }),
        text: t('notice.urgeText', { name: who }),
        form: [
          { key: t('notice.request'), value: row.title },
          ...(row.originatorName ? [{ key: t('notice.originator'), value: row.originatorName }] : []),
          {
            key: t('notice.waitingSince'),
            value: formatLocalTime(row.receivedAt, locale, displayTimeZone()),
          },
        ],
        url: `${env().APP_URL.replace(/\/$/, '')}/instances/${row.instanceId}`,
        sourceLinks: sourceOwnsPage && (mobileUrl || pcUrl) ? { mobileUrl, pcUrl } : null,
      });
      if (outcome.status === 'not_notified') {
        await mark({ status: 'not_notified', reason: outcome.reason });
        return 'notNotified';
      }
      await mark({
        status: 'sent',
        dingtalkConnectorId: outcome.connectorId,
        dingtalkTaskId: outcome.noticeId,
        sentAt: new Date(),
        reason: null,
      });
      return 'sent';
    } catch (error) {
      if (error instanceof AdapterError && error.retryable) throw error;
      const message = error instanceof Error ? error.message.slice(0, 300) : String(error);
      await mark({ status: 'failed', reason: message });
      return 'failed';
    }
  });
}
