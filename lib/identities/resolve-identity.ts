import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { identities, users } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry';
import type { Logger } from '@/lib/log';
import { linkIdentityToUser } from '@/lib/tasks/link-identity';

export type ResolveIdentityResult = {
  status: 'linked' | 'already-linked' | 'unmatched' | 'unknown-at-source' | 'gone';
  matchedBy?: string;
};

/** Match order: the most specific key first (seed 001 matches on mobile; email and job number are fallbacks). */
const MATCHERS: { key: 'mobile' | 'email' | 'jobNumber'; column: PgColumn }[] = [
  { key: 'mobile', column: users.mobile },
  { key: 'email', column: users.email },
  { key: 'jobNumber', column: users.jobNumber },
];

/**
 * Fills an identity from the source's directory and links it to the Huiban user with the same mobile, email
 * or job number. An identity nobody matches stays unmapped (its tasks wait for a manual link).
 */
export async function resolveIdentity(
  db: Db,
  identityId: string,
  log: Logger,
): Promise<ResolveIdentityResult> {
  const [identity] = await db.select().from(identities).where(eq(identities.id, identityId)).limit(1);
  if (!identity) return { status: 'gone' };
  const connector = await unsafeLoadConnectorRuntime(db, identity.connectorId);
  if (!connector) return { status: 'gone' };
  const profile = await getAdapter(connector.kind).fetchUserProfile(
    { db, connector, log },
    identity.externalUserId,
  );
  if (!profile) return { status: 'unknown-at-source' };

  await db
    .update(identities)
    .set({
      name: profile.name ?? identity.name,
      unionId: profile.unionId ?? identity.unionId,
      mobile: profile.mobile ?? null,
      email: profile.email?.toLowerCase() ?? null,
      jobNumber: profile.jobNumber ?? null,
      managerExternalId: profile.managerExternalId ?? null,
      departments: profile.departments ?? [],
      active: profile.active ?? true,
    })
    .where(eq(identities.id, identityId));
  if (identity.userId) return { status: 'already-linked' };

  for (const { key, column } of MATCHERS) {
    const value = key === 'email' ? profile.email?.toLowerCase() : profile[key];
    if (!value) continue;
    const condition: SQL | undefined = and(eq(column, value), eq(users.status, 'active'));
    const matches = await db.select({ id: users.id }).from(users).where(condition).limit(2);
    // Two users with the same key is ambiguous: leave it to an admin rather than guess.
    if (matches.length !== 1 || !matches[0]) continue;
    const userId = matches[0].id;
    await db.transaction((tx) => linkIdentityToUser(tx, { identityId, userId, matchedBy: key }));
    return { status: 'linked', matchedBy: key };
  }
  return { status: 'unmatched' };
}
