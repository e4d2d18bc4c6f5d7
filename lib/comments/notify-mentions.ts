import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { instanceMentions, processInstances, users } from '@/db/schema';
import { sendNoticeToUser } from '@/lib/connectors/dingtalk/send-notice-to-user';
import { AdapterError } from '@/lib/connectors/types';
import { env } from '@/lib/env';
import { translator } from '@/lib/i18n/translate';
import type { Logger } from '@/lib/log';
import { claimMentionNotice, recordMentionNotice } from '@/lib/tasks/write/record-mention-notice';

/**
 * The work notices of an instance's new @mentions: one DingTalk `oa` card per mentioned person, through the one
 * notice path (sendNoticeToUser: the instance's own DingTalk connector first), opening Huiban's instance page
 * inside DingTalk. Each mention is claimed before its send, so a job run twice notifies once; a passing failure
 * (throttling, 5xx) gives the claim back and is retried by the job.
 */
export async function notifyMentions(
  db: Db,
  input: { instanceId: string; log?: Logger },
): Promise<{ sent: number; notNotified: number }> {
  const rows = await db
    .select({
      id: instanceMentions.id,
      userId: instanceMentions.userId,
      byName: users.name,
      title: processInstances.title,
      connectorId: processInstances.connectorId,
    })
    .from(instanceMentions)
    .innerJoin(processInstances, eq(processInstances.id, instanceMentions.instanceId))
    .leftJoin(users, eq(users.id, instanceMentions.mentionedByUserId))
    .where(and(eq(instanceMentions.instanceId, input.instanceId), isNull(instanceMentions.noticeStatus)));
  const t = translator('zh-CN', 'comments');
  const url = `${env().APP_URL.replace(/\/$/, '')}/instances/${input.instanceId}`;
  let sent = 0;
  let notNotified = 0;
  for (const row of rows) {
    if (!(await claimMentionNotice(db, row.id))) continue;
    try {
      const outcome = await sendNoticeToUser(db, {
        userId: row.userId,
        preferConnectorId: row.connectorId,
        title: t('notice.title', { name: row.byName ?? '', title: row.title }),
        text: t('notice.text', { name: row.byName ?? '', title: row.title }),
        url,
      });
      if (outcome.status === 'sent') {
        sent += 1;
        await recordMentionNotice(db, row.id, { status: 'sent' });
      } else {
        notNotified += 1;
        await recordMentionNotice(db, row.id, { status: 'not_notified', reason: outcome.reason });
      }
    } catch (error) {
      if (error instanceof AdapterError && error.retryable) {
        await recordMentionNotice(db, row.id, { status: null });
        throw error;
      }
      input.log?.warn({ err: error, mentionId: row.id }, 'mention notice failed');
      const reason = error instanceof Error ? error.message.slice(0, 300) : String(error);
      await recordMentionNotice(db, row.id, { status: 'failed', reason });
    }
  }
  return { sent, notNotified };
}
