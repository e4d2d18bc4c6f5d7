import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { identities } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { Logger } from '@/lib/log';
import { linkIdentityToUser } from '@/lib/tasks/write/link-identity-to-user';
import { findMatchingUser } from './match-identity';

export type ResolveIdentityResult = {
  status: 'linked' | 'already-linked' | 'unmatched' | 'unknown-at-source' | 'gone';
  matchedBy?: string;
};

/**
 * Fills an identity from the source's directory and links it to its Huiban user (findMatchingUser: userId,
 * unionId, mobile, email, job number). An identity nobody matches stays unmapped (its tasks wait for a manual link).
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
      // Known to the directory = in the org (DingTalk's `active` only says the app was activated).
      active: true,
    })
    .where(eq(identities.id, identityId));
  if (identity.userId) return { status: 'already-linked' };

  const match = await findMatchingUser(db, {
    id: identityId,
    connectorId: identity.connectorId,
    externalUserId: identity.externalUserId,
    unionId: profile.unionId ?? identity.unionId,
    mobile: profile.mobile ?? null,
    email: profile.email ?? null,
    jobNumber: profile.jobNumber ?? null,
  });
  if (match) {
    await db.transaction((tx) => linkIdentityToUser(tx, { identityId, ...match }));
    return { status: 'linked', matchedBy: match.matchedBy };
  }
  return { status: 'unmatched' };
}
