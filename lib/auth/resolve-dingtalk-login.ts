import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, identities, users } from '@/db/schema';

export type DingTalkProfile = { unionId: string; nick?: string; email?: string; mobile?: string };

/**
 * Maps a DingTalk login (contact/users/me) to a Huiban user, only through an identity already recorded for
 * that user with this unionId, in a corp Huiban is configured for: a connector's corp, or one listed in
 * `loginCorpIds` (DINGTALK_LOGIN_CORP_IDS). Email and mobile are never enough: anyone can
 * put any email on a DingTalk account in their own corp, and matching by it would hand them that Huiban account,
 * an admin's included. Unlinked people are linked by directory sync or by an admin, then sign in here.
 */
export async function resolveDingTalkLogin(
  db: DbOrTx,
  profile: DingTalkProfile,
  options: { loginCorpIds?: string[] } = {},
): Promise<{ userId: string } | null> {
  const namedCorp = or(
    isNotNull(connectors.corpId),
    options.loginCorpIds?.length ? inArray(connectors.corpId, options.loginCorpIds) : undefined,
  );
  const rows = await db
    .selectDistinct({ userId: identities.userId })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .innerJoin(users, eq(users.id, identities.userId))
    .where(
      and(
        eq(identities.unionId, profile.unionId),
        isNotNull(identities.userId),
        eq(users.status, 'active'),
        namedCorp,
      ),
    )
    .limit(2);
  // Two Huiban users claiming one unionId is a mapping error for an admin to fix, never a coin toss.
  if (rows.length !== 1 || !rows[0]?.userId) return null;
  return { userId: rows[0].userId };
}
