import { createHash } from 'node:crypto';
import { and, count, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { taskNotices, users } from '@/db/schema';
import { noticeLimits } from '@/lib/env';
import { toLocale } from '@/lib/i18n/locales';
import { unsafeLoadConnectorRuntime } from '../../load-connector';
import { AdapterError } from '../../types';
import { dingtalkSettings } from '../config';
import { getNoticeDelivery, type OaMessage, sendOaNotice } from '../work-notices';
import { dingtalkAccountOf } from '../workflow-bridge';
import { buildTaskNotice, type TaskNoticeInput } from './build-task-notice';

export type NoticeTask = {
  taskId: string;
  kind: 'approval' | 'cc';
  userId: string;
  sourceConnectorId: string;
  dingtalkConnectorId: string;
};

const DAY_MS = 24 * 3_600_000;

/**
 * Announces one task to its assignee, once: decides (muted, no DingTalk account, DingTalk's limits) and claims the
 * task's `task_notices` row with the exact message, committed before the call; then delivers it. A second run
 * finds the row and does nothing; a run after a crash mid-call finds it `sending` and redelivers the same bytes.
 */
export async function sendTaskNotice(
  db: Db,
  task: NoticeTask,
  content: Omit<TaskNoticeInput, 'locale'>,
  now: Date = new Date(),
): Promise<'sent' | 'skipped' | 'failed' | 'taken'> {
  const base = {
    taskId: task.taskId,
    sourceConnectorId: task.sourceConnectorId,
    dingtalkConnectorId: task.dingtalkConnectorId,
    userId: task.userId,
  };
  const skip = async (skipReason: string, extra: Partial<typeof taskNotices.$inferInsert> = {}) => {
    const [row] = await db
      .insert(taskNotices)
      .values({ ...base, ...extra, state: 'skipped', skipReason })
      .onConflictDoNothing({ target: taskNotices.taskId })
      .returning({ id: taskNotices.id });
    return row ? 'skipped' : 'taken';
  };

  const [user] = await db
    .select({ mute: users.muteTaskNotices, locale: users.locale, status: users.status })
    .from(users)
    .where(eq(users.id, task.userId));
  if (user?.status !== 'active') return skip('inactive');
  if (user.mute) return skip('muted');
  const account = await dingtalkAccountOf(db, task.dingtalkConnectorId, task.userId);
  if (!account) return skip('no_account');

  const message = buildTaskNotice({ ...content, locale: toLocale(user.locale) });
  const contentHash = createHash('sha256')
    .update(`${account.userId}\n${JSON.stringify(message)}`)
    .digest('hex');
  const recipient = { dingtalkUserId: account.userId, contentHash, message };
  const limit = await limitReached(db, task.dingtalkConnectorId, account.userId, contentHash, now);
  if (limit) return skip(limit, recipient);

  const [claimed] = await db
    .insert(taskNotices)
    .values({ ...base, ...recipient, state: 'sending' })
    .onConflictDoNothing({ target: taskNotices.taskId })
    .returning({ id: taskNotices.id });
  if (!claimed) return 'taken';
  return deliverTaskNotice(db, claimed.id, now);
}

/**
 * DingTalk drops over-limit sends silently (§11): the same content to the same user within a day, more than the
 * daily cap per user, and the app's monthly quota are checked here first, so a skipped notice is visible as such.
 */
async function limitReached(
  db: Db,
  dingtalkConnectorId: string,
  dingtalkUserId: string,
  contentHash: string,
  now: Date,
): Promise<'duplicate' | 'daily_limit' | 'monthly_quota' | null> {
  const limits = noticeLimits();
  const since = new Date(now.getTime() - DAY_MS);
  const delivered = inArray(taskNotices.state, ['sending', 'sent', 'closed']);
  const [same] = await db
    .select({ n: count() })
    .from(taskNotices)
    .where(
      and(
        eq(taskNotices.dingtalkUserId, dingtalkUserId),
        eq(taskNotices.contentHash, contentHash),
        gte(taskNotices.createdAt, since),
        delivered,
      ),
    );
  if ((same?.n ?? 0) > 0) return 'duplicate';
  const [today] = await db
    .select({ n: count() })
    .from(taskNotices)
    .where(
      and(
        eq(taskNotices.dingtalkConnectorId, dingtalkConnectorId),
        eq(taskNotices.dingtalkUserId, dingtalkUserId),
        gte(taskNotices.createdAt, since),
        delivered,
      ),
    );
  if ((today?.n ?? 0) >= limits.dailyPerUser) return 'daily_limit';
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [month] = await db
    .select({ n: count() })
    .from(taskNotices)
    .where(
      and(
        eq(taskNotices.dingtalkConnectorId, dingtalkConnectorId),
        gte(taskNotices.createdAt, monthStart),
        delivered,
      ),
    );
  if ((month?.n ?? 0) >= limits.monthlyPerApp) return 'monthly_quota';
  return null;
}

/**
 * Sends a claimed (`sending`) notice, holding its row lock for the call so two workers never both send it. A
 * throttled or unreachable DingTalk rethrows (the job retries and resends the stored message: if the lost call did
 * arrive, DingTalk drops the same content to the same user within a day, and getsendresult says `duplicate`). A
 * call that cannot succeed marks the row `failed`.
 */
export async function deliverTaskNotice(
  db: Db,
  noticeId: string,
  now: Date = new Date(),
): Promise<'sent' | 'failed' | 'taken'> {
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(taskNotices)
      .where(and(eq(taskNotices.id, noticeId), eq(taskNotices.state, 'sending')))
      .for('update', { skipLocked: true });
    if (!row?.dingtalkUserId || !row.message) return null;
    const connector = await unsafeLoadConnectorRuntime(tx, row.dingtalkConnectorId);
    const fail = async (lastError: string) => {
      await tx
        .update(taskNotices)
        .set({ state: 'failed', lastError, attempts: row.attempts + 1 })
        .where(eq(taskNotices.id, row.id));
      return { state: 'failed' as const };
    };
    if (connector?.kind !== 'dingtalk' || !connector.enabled)
      return fail('DingTalk connector missing or disabled');
    const s = dingtalkSettings(connector);
    try {
      const dingtalkTaskId = await sendOaNotice(s, row.dingtalkUserId, row.message as OaMessage);
      await tx
        .update(taskNotices)
        .set({ state: 'sent', dingtalkTaskId, sentAt: now, attempts: row.attempts + 1, lastError: null })
        .where(eq(taskNotices.id, row.id));
      return { state: 'sent' as const, s, dingtalkTaskId, userId: row.dingtalkUserId };
    } catch (error) {
      if (error instanceof AdapterError && !error.retryable) return fail(error.message);
      throw error;
    }
  });
  if (!outcome) return 'taken';
  if (outcome.state === 'sent')
    await recordDelivery(db, noticeId, () =>
      getNoticeDelivery(outcome.s, outcome.dingtalkTaskId, outcome.userId),
    );
  return outcome.state;
}

/** Stores what getsendresult says; a failing lookup leaves the previous answer (it is informative only). */
export async function recordDelivery(db: Db, noticeId: string, lookup: () => Promise<string>): Promise<void> {
  try {
    const delivery = await lookup();
    await db.update(taskNotices).set({ delivery }).where(eq(taskNotices.id, noticeId));
  } catch {
    // The next close or job run asks again.
  }
}
