import { and, eq, isNotNull, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { identities, users } from '@/db/schema';

export type DingTalkProfile = { unionId: string; nick?: string; email?: string; mobile?: string };

/**
 * Maps a DingTalk login (contact/users/me) to a Huiban user: first through a linked identity with that
 * unionId, then by the user's email or mobile. Internal apps admit only people of the org, so an unknown
 * person gets no account (null) rather than a fresh one.
 */
export async function resolveDingTalkLogin(
  db: DbOrTx,
  profile: DingTalkProfile,
): Promise<{ userId: string } | null> {
  const [linked] = await db
    .select({ userId: identities.userId })
    .from(identities)
    .innerJoin(users, eq(users.id, identities.userId))
    .where(
      and(eq(identities.unionId, profile.unionId), isNotNull(identities.userId), eq(users.status, 'active')),
    )
    .limit(1);
  if (linked?.userId) return { userId: linked.userId };

  const matchers = [
    profile.email ? eq(users.email, profile.email.toLowerCase()) : undefined,
    profile.mobile ? eq(users.mobile, profile.mobile) : undefined,
  ].filter((m) => m !== undefined);
  if (matchers.length === 0) return null;
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(or(...matchers), eq(users.status, 'active')))
    .limit(1);
  return user ? { userId: user.id } : null;
}
