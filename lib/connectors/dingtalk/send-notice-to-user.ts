import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, identities } from '@/db/schema';
import { DEFAULT_LOCALE } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translate';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { dingtalkSettings } from './config';
import { insideDingTalkLink } from './links';
import { sendOaNotice } from './work-notices';

/** Why a person got no work notice: they have no DingTalk account Huiban knows, or no connector can send one. */
export type NoticeNotSentReason = 'no_dingtalk_account' | 'no_agent_id';

export type UserNoticeOutcome =
  | { status: 'sent'; noticeId: number; connectorId: string }
  | { status: 'not_notified'; reason: NoticeNotSentReason };

/**
 * Which of these users have an account on an enabled DingTalk connector (whom a work notice can reach), so a
 * page can say "not reachable" before anything is sent.
 */
export async function usersReachableInDingTalk(db: DbOrTx, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ userId: identities.userId })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .where(
      and(
        inArray(identities.userId, [...userIds]),
        eq(connectors.kind, 'dingtalk'),
        eq(connectors.enabled, true),
      ),
    );
  return new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])));
}

/**
 * A DingTalk work notice (工作通知, link card) to a Huiban user, through an enabled DingTalk connector on which
 * they have an account, preferring `preferConnectorId` (the task's own). Users without a DingTalk account are
 * "not notified" with the reason; a failing call throws (AdapterError, retryable for throttling and 5xx).
 */
export async function sendNoticeToUser(
  db: DbOrTx,
  input: {
    userId: string;
    preferConnectorId?: string | null;
    title: string;
    text: string;
    url: string;
    /** The source's own page of the task (mobile, PC) instead of `url`, where it opens inside DingTalk. */
    sourceLinks?: { mobileUrl: string | null; pcUrl: string | null } | null;
    /** `form` rows of the card (key: value), e.g. the originator and how long it waited. */
    form?: { key: string; value: string }[];
  },
): Promise<UserNoticeOutcome> {
  const accounts = await db
    .select({ connectorId: identities.connectorId, externalUserId: identities.externalUserId })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .where(
      and(eq(identities.userId, input.userId), eq(connectors.kind, 'dingtalk'), eq(connectors.enabled, true)),
    )
    .orderBy(
      sql`${identities.connectorId} = ${input.preferConnectorId ?? null}::uuid desc`,
      identities.connectorId,
    );
  if (accounts.length === 0) return { status: 'not_notified', reason: 'no_dingtalk_account' };
  for (const account of accounts) {
    const connector = await unsafeLoadConnectorRuntime(db, account.connectorId);
    if (!connector) continue;
    const settings = dingtalkSettings(connector);
    if (!settings.agentId) continue;
    const appName = translator(DEFAULT_LOCALE, 'common')('app.name');
    // An `oa` card like the task notices (§11.1), opening the page inside DingTalk (§10.1).
    const noticeId = await sendOaNotice(settings, account.externalUserId, {
      msgtype: 'oa',
      oa: {
        message_url: inside(input.sourceLinks?.mobileUrl ?? input.url, false),
        pc_message_url: inside(input.sourceLinks?.pcUrl ?? input.sourceLinks?.mobileUrl ?? input.url, true),
        head: { bgcolor: 'FF1677FF', text: appName },
        body: {
          title: input.title.slice(0, 60),
          ...(input.form?.length
            ? { form: input.form.slice(0, 5).map((f) => ({ key: f.key, value: f.value.slice(0, 80) })) }
            : {}),
          content: input.text.slice(0, 500),
          author: appName,
        },
      },
    });
    return { status: 'sent', noticeId, connectorId: account.connectorId };
  }
  return { status: 'not_notified', reason: 'no_agent_id' };
}

/** A link that already opens in the client (dingtalk://) as it is; a web page wrapped to open inside it (§10.1). */
function inside(url: string, pcSlide: boolean): string {
  return url.startsWith('dingtalk://') ? url : insideDingTalkLink(url, pcSlide);
}
