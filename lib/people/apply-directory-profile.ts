import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { identities, users } from '@/db/schema';
import type { SourceUserProfile } from '@/lib/connectors/types';
import { findMatchingUser } from '@/lib/people/match-identity';
import { linkIdentityToUser } from '@/lib/tasks/write/link-identity-to-user';

export type AppliedProfile = {
  identityId: string;
  userId: string | null;
  isNew: boolean;
  /** How the identity got linked now (null: it was linked already, or nobody matched). */
  linkedBy: string | null;
  userCreated: boolean;
};

/**
 * Stores one person from the source's directory as an identity (insert or update, active again if they were
 * gone) and links it to a Huiban user when it has none (findMatchingUser). With `createUsers` (admin setting,
 * default off) an unmatched person gets a new Huiban account without a password (DingTalk login only).
 */
export async function applyDirectoryProfile(
  db: Db,
  connectorId: string,
  profile: SourceUserProfile,
  options: { createUsers?: boolean } = {},
): Promise<AppliedProfile> {
  const facts = {
    name: profile.name ?? null,
    unionId: profile.unionId ?? null,
    mobile: profile.mobile ?? null,
    email: profile.email?.toLowerCase() ?? null,
    jobNumber: profile.jobNumber ?? null,
    managerExternalId: profile.managerExternalId ?? null,
    departments: profile.departments ?? [],
    // Listed in the directory = in the org. DingTalk's own `active` means "has activated the DingTalk app":
    // someone who has not is still an employee, so it is not read as leaving.
    active: true,
  };
  const [row] = await db
    .insert(identities)
    .values({ connectorId, externalUserId: profile.externalUserId, ...facts })
    .onConflictDoUpdate({ target: [identities.connectorId, identities.externalUserId], set: facts })
    .returning({
      id: identities.id,
      userId: identities.userId,
      // xmax = 0 only on a freshly inserted row version.
      isNew: sql<boolean>`(xmax = 0)`,
    });
  if (!row) throw new Error('identity upsert returned nothing');
  const result: AppliedProfile = {
    identityId: row.id,
    userId: row.userId,
    isNew: row.isNew,
    linkedBy: null,
    userCreated: false,
  };
  if (row.userId) {
    // Back in the directory (rehired): a resigned account becomes active again.
    await db
      .update(users)
      .set({ status: 'active' })
      .where(and(eq(users.id, row.userId), eq(users.status, 'resigned')));
    return result;
  }
  const match = await findMatchingUser(db, {
    id: row.id,
    connectorId,
    externalUserId: profile.externalUserId,
    ...facts,
  });
  if (match) {
    await db.transaction((tx) => linkIdentityToUser(tx, { identityId: row.id, ...match }));
    return { ...result, userId: match.userId, linkedBy: match.matchedBy };
  }
  if (!options.createUsers || !facts.name) return result;
  // A unique email belongs to one account: only create when no user has it (the match above would have
  // linked a unique holder; several holders is ambiguous and stays with the admin).
  const [created] = await db
    .insert(users)
    .values({
      name: facts.name,
      email: facts.email,
      mobile: facts.mobile,
      jobNumber: facts.jobNumber,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!created) return result;
  await db.transaction((tx) =>
    linkIdentityToUser(tx, { identityId: row.id, userId: created.id, matchedBy: 'created' }),
  );
  return { ...result, userId: created.id, linkedBy: 'created', userCreated: true };
}
