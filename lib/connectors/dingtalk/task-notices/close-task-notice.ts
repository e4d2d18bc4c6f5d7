import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { taskNotices, users } from '@/db/schema';
import { toLocale } from '@/lib/i18n/locales';
import { unsafeLoadConnectorRuntime } from '../../load-connector';
import { AdapterError } from '../../types';
import { dingtalkSettings } from '../config';
import { getNoticeDelivery, updateNoticeStatusBar } from '../work-notices';
import { outcomeStatusBar, type TaskOutcome } from './build-task-notice';
import { recordDelivery } from './send-task-notice';

/**
 * The task behind a sent notice ended: its status bar now says how (§11 status_bar/update), once. Rewriting the
 * same value is harmless, so a retry after a crash simply writes it again. A notice DingTalk no longer accepts
 * (older than its window, recalled) is closed with the error recorded rather than retried forever.
 */
export async function closeTaskNotice(
  db: Db,
  noticeId: string,
  outcome: TaskOutcome,
  now: Date = new Date(),
): Promise<'closed' | 'taken'> {
  const done = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: taskNotices.id,
        dingtalkConnectorId: taskNotices.dingtalkConnectorId,
        dingtalkTaskId: taskNotices.dingtalkTaskId,
        dingtalkUserId: taskNotices.dingtalkUserId,
        locale: users.locale,
      })
      .from(taskNotices)
      .innerJoin(users, eq(users.id, taskNotices.userId))
      .where(and(eq(taskNotices.id, noticeId), eq(taskNotices.state, 'sent')))
      .for('update', { of: taskNotices, skipLocked: true });
    if (!row?.dingtalkTaskId) return null;
    const status = outcomeStatusBar(toLocale(row.locale), outcome);
    const connector = await unsafeLoadConnectorRuntime(tx, row.dingtalkConnectorId);
    let lastError: string | null = null;
    let s: ReturnType<typeof dingtalkSettings> | null = null;
    if (connector?.kind !== 'dingtalk' || !connector.enabled)
      lastError = 'DingTalk connector missing or disabled';
    else {
      s = dingtalkSettings(connector);
      try {
        await updateNoticeStatusBar(s, row.dingtalkTaskId, status);
      } catch (error) {
        if (!(error instanceof AdapterError) || error.retryable) throw error;
        lastError = error.message;
      }
    }
    await tx
      .update(taskNotices)
      .set({ state: 'closed', statusValue: status.value, closedAt: now, lastError })
      .where(eq(taskNotices.id, row.id));
    return s && row.dingtalkUserId ? { s, taskId: row.dingtalkTaskId, userId: row.dingtalkUserId } : null;
  });
  if (!done) return 'taken';
  const { s, taskId, userId } = done;
  await recordDelivery(db, noticeId, () => getNoticeDelivery(s, taskId, userId));
  return 'closed';
}
