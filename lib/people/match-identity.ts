import { and, eq, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { connectors, identities, users } from '@/db/schema';

export type MatchKey = 'userId' | 'unionId' | 'mobile' | 'email' | 'jobNumber';

/** The directory facts of one identity that matching reads. */
export type MatchableIdentity = {
  id: string;
  connectorId: string;
  externalUserId: string;
  unionId: string | null;
  mobile: string | null;
  email: string | null;
  jobNumber: string | null;
};

/** Profile fields matched against the same field of Huiban users, most specific first (mobile: the one DingTalk always has). */
const PROFILE_MATCHERS: { key: 'mobile' | 'email' | 'jobNumber'; column: PgColumn }[] = [
  { key: 'mobile', column: users.mobile },
  { key: 'email', column: users.email },
  { key: 'jobNumber', column: users.jobNumber },
];

/**
 * The Huiban user an identity belongs to, and by which key. Order (docs/identities.md): the person already
 * has a linked identity with the same DingTalk userId in the same corp (e.g. the DingTalk connector and the
 * Yida connector of one org), or the same unionId (a DingTalk login); then a Huiban user with the same mobile,
 * email or job number, never an admin, and for an identity under a corp (DingTalk, Yida) never an account that has
 * a password (its owner signs in with it; linking needs the admin's explicit link). Only active users; two candidates for one key is ambiguous and left to an
 * admin.
 */
export async function findMatchingUser(
  db: DbOrTx,
  identity: MatchableIdentity,
): Promise<{ userId: string; matchedBy: MatchKey } | null> {
  const [own] = await db
    .select({ corpId: connectors.corpId })
    .from(connectors)
    .where(eq(connectors.id, identity.connectorId));
  // An identity under a corp (DingTalk, Yida) can carry the unionId a DingTalk login is resolved by.
  const signsIn = Boolean(own?.corpId);
  if (own?.corpId) {
    const byUserId = await linkedUsers(
      db,
      identity.id,
      and(eq(identities.externalUserId, identity.externalUserId), eq(connectors.corpId, own.corpId)),
    );
    if (byUserId) return { userId: byUserId, matchedBy: 'userId' };
  }
  if (identity.unionId) {
    const byUnionId = await linkedUsers(db, identity.id, eq(identities.unionId, identity.unionId));
    if (byUnionId) return { userId: byUnionId, matchedBy: 'unionId' };
  }
  for (const { key, column } of PROFILE_MATCHERS) {
    const value = key === 'email' ? identity.email?.toLowerCase() : identity[key];
    if (!value) continue;
    // Admin accounts are never linked by a directory field: whoever controls the source's
    // directory could otherwise set an admin's email on their own DingTalk account. An admin links them by hand.
    // Nor is an account with a password linked by a DingTalk or Yida directory field: the link would let that
    // DingTalk account sign in as its owner (DingTalk login trusts linked unionIds), so it takes the admin's
    // explicit link (identities page, bulk match) instead.
    const matches = await db
      .select({
        id: users.id,
        role: users.role,
        hasPassword: sql<boolean>`${users.passwordHash} IS NOT NULL`,
      })
      .from(users)
      .where(and(eq(column, value), eq(users.status, 'active')))
      .limit(2);
    if (matches.some((m) => m.role === 'admin' || (signsIn && m.hasPassword))) continue;
    if (matches.length === 1 && matches[0]) return { userId: matches[0].id, matchedBy: key };
  }
  return null;
}

/** The one active user other identities matching `condition` are linked to; null if none or several. */
async function linkedUsers(db: DbOrTx, selfId: string, condition: SQL | undefined): Promise<string | null> {
  const rows = await db
    .selectDistinct({ userId: sql<string>`${identities.userId}` })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .innerJoin(users, eq(users.id, identities.userId))
    .where(
      and(condition, ne(identities.id, selfId), isNotNull(identities.userId), eq(users.status, 'active')),
    )
    .limit(2);
  return rows.length === 1 && rows[0] ? rows[0].userId : null;
}
