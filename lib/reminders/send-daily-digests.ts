import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { digestSends, users } from '@/db/schema';
import { sendNoticeToUser } from '@/lib/connectors/dingtalk/send-notice-to-user';
import { AdapterError } from '@/lib/connectors/types';
import { defaultDigestHour, displayTimeZone, env } from '@/lib/env';
import { toLocale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translate';
import type { Logger } from '@/lib/log';
import { isWorkingDate, localDate } from '@/lib/sla/business-calendar';
import { loadBusinessCalendar } from '@/lib/sla/load-calendar';
import { countInbox } from '@/lib/tasks/inbox/count-inbox';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { digestDateDue, localMinutesOf } from './digest-schedule';
import { formatLocalTime } from './format-local-time';

export type DigestRunResult = {
  sent: number;
  empty: number;
  notNotified: number;
  failed: number;
  taken: number;
};

/** How many waiting items a digest names (the rest is "and n more"). */
const TOP_ITEMS = 3;
/** Characters of a title in the digest. */
const MAX_TITLE = 30;
/** A claim (`pending`) older than this belongs to a run that died or was throttled: it is sent again. */
const STALE_CLAIM_MS = 5 * 60_000;

/**
 * The daily digest (docs/reminders.md), run every few minutes by the worker: for each active user whose digest
 * is due today (their hour, default 09:00 company time, reached on a working day of the business calendar) and
 * not yet claimed, counts what waits in their 待我处理. Nothing waiting: recorded `empty`, no notice. Else the
 * row (user × local date, unique) is claimed and the work notice sent under its row lock: a schedule firing twice
 * or two workers running send one digest per user per day.
 */
export async function sendDailyDigests(
  db: Db,
  opts: { now?: Date; log?: Logger } = {},
): Promise<DigestRunResult> {
  const now = opts.now ?? new Date();
  const result: DigestRunResult = { sent: 0, empty: 0, notNotified: 0, failed: 0, taken: 0 };
  const cal = await loadBusinessCalendar(db);
  const date = localDate(now, cal.timeZone);
  if (!isWorkingDate(date, cal)) return result;
  const defaultHour = defaultDigestHour();
  const minutes = localMinutesOf(now, cal);

  const due = await db
    .select({ id: users.id, name: users.name, locale: users.locale, hour: users.digestHour })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        eq(users.digestEnabled, true),
        sql`coalesce(${users.digestHour}, ${defaultHour}) * 60 <= ${minutes}`,
        sql`not exists (select 1 from ${digestSends} d where d.user_id = ${users.id} and d.local_date = ${date})`,
      ),
    );
  for (const user of due) {
    // The SQL picked the hour; the pure rule has the last word (and is what the unit tests pin down).
    if (digestDateDue(now, { enabled: true, hour: user.hour }, cal, defaultHour) !== date) continue;
    const viewer = { userId: user.id, name: user.name, isAdmin: false };
    const counts = await countInbox(db, viewer, now);
    if (counts.pending === 0) {
      const [row] = await db
        .insert(digestSends)
        .values({ userId: user.id, localDate: date, status: 'empty', finishedAt: now })
        .onConflictDoNothing({ target: [digestSends.userId, digestSends.localDate] })
        .returning({ id: digestSends.id });
      result[row ? 'empty' : 'taken'] += 1;
      continue;
    }
    const [claim] = await db
      .insert(digestSends)
      .values({ userId: user.id, localDate: date, status: 'pending', pendingCount: counts.pending })
      .onConflictDoNothing({ target: [digestSends.userId, digestSends.localDate] })
      .returning({ id: digestSends.id });
    if (!claim) {
      result.taken += 1;
      continue;
    }
    result[await deliverDigest(db, claim.id, now, opts.log)] += 1;
  }

  // Claims a dead or throttled run left today: sent again (the row lock keeps two workers from both sending).
  const stale = await db
    .select({ id: digestSends.id })
    .from(digestSends)
    .where(
      and(
        eq(digestSends.localDate, date),
        eq(digestSends.status, 'pending'),
        lt(digestSends.updatedAt, new Date(now.getTime() - STALE_CLAIM_MS)),
      ),
    )
    .limit(100);
  for (const s of stale) result[await deliverDigest(db, s.id, now, opts.log)] += 1;
  return result;
}

/**
 * Composes and sends one claimed digest, holding its row lock for the call. What waits is read at sending time
 * (a digest sent late says what waits then). A throttled DingTalk leaves the claim for the next run.
 */
async function deliverDigest(
  db: Db,
  digestId: string,
  now: Date,
  log: Logger | undefined,
): Promise<'sent' | 'notNotified' | 'failed' | 'taken' | 'empty'> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          id: digestSends.id,
          userId: digestSends.userId,
          name: users.name,
          locale: users.locale,
        })
        .from(digestSends)
        .innerJoin(users, eq(users.id, digestSends.userId))
        .where(and(eq(digestSends.id, digestId), eq(digestSends.status, 'pending')))
        .for('update', { of: digestSends, skipLocked: true });
      if (!row) return 'taken';
      const viewer = { userId: row.userId, name: row.name, isAdmin: false };
      const page = await listInbox(tx, viewer, { view: 'pending', limit: TOP_ITEMS, now });
      const counts = await countInbox(tx, viewer, now);
      const finish = (set: Partial<typeof digestSends.$inferInsert>) =>
        tx
          .update(digestSends)
          .set({ pendingCount: counts.pending, finishedAt: new Date(), ...set })
          .where(eq(digestSends.id, row.id));
      if (counts.pending === 0) {
        await finish({ status: 'empty' });
        return 'empty';
      }
      const locale = toLocale(row.locale);
      const t = translator(locale, 'reminders');
      const zone = displayTimeZone();
      const items = page.items.map((item, i) => ({
        key: `${i + 1}. `,
        value: t('digest.item', {
          // DingTalk refuses a message over 2048 bytes: titles are cut short.
          title: item.title.length > MAX_TITLE ? `${item.title.slice(0, MAX_TITLE - 1)}…` : item.title,
          since: formatLocalTime(new Date(item.receivedAt), locale, zone),
        }),
      }));
      const more = counts.pending - page.items.length;
      const outcome = await sendNoticeToUser(tx, {
        userId: row.userId,
        title: t('digest.title', { n: counts.pending }),
        text: more > 0 ? `${t('digest.more', { n: more })} · ${t('digest.text')}` : t('digest.text'),
        form: items,
        url: `${env().APP_URL.replace(/\/$/, '')}/inbox/pending`,
      });
      if (outcome.status === 'not_notified') {
        await finish({ status: 'not_notified', reason: outcome.reason });
        return 'notNotified';
      }
      await finish({
        status: 'sent',
        dingtalkConnectorId: outcome.connectorId,
        dingtalkTaskId: outcome.noticeId,
        reason: null,
      });
      return 'sent';
    });
  } catch (error) {
    if (error instanceof AdapterError && error.retryable) {
      log?.warn({ err: error, digestId }, 'daily digest deferred');
      return 'taken';
    }
    const message = error instanceof Error ? error.message.slice(0, 300) : String(error);
    await db
      .update(digestSends)
      .set({ status: 'failed', reason: message, finishedAt: new Date() })
      .where(eq(digestSends.id, digestId));
    log?.warn({ err: error, digestId }, 'daily digest failed');
    return 'failed';
  }
}
