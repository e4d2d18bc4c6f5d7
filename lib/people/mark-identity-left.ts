import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { identities, users } from '@/db/schema';

/**
 * A person left the org (user_leave_org, or missing from a full sync): their identity becomes inactive, and
 * their Huiban account `resigned` once none of their identities is active any more. Their pending tasks stay
 * where they are and show as 需交接 (listHandoverTasksAsAdmin) until an admin reassigns them.
 */
export async function markIdentityLeft(
  db: Db,
  connectorId: string,
  externalUserId: string,
): Promise<{ found: boolean; isResigned: boolean }> {
  return db.transaction(async (tx) => {
    const [identity] = await tx
      .update(identities)
      .set({ active: false })
      .where(and(eq(identities.connectorId, connectorId), eq(identities.externalUserId, externalUserId)))
      .returning({ id: identities.id, userId: identities.userId });
    if (!identity) return { found: false, isResigned: false };
    if (!identity.userId) return { found: true, isResigned: false };
    const [stillActive] = await tx
      .select({ id: identities.id })
      .from(identities)
      .where(
        and(
          eq(identities.userId, identity.userId),
          eq(identities.active, true),
          ne(identities.id, identity.id),
        ),
      )
      .limit(1);
    if (stillActive) return { found: true, isResigned: false };
    await tx
      .update(users)
      .set({ status: 'resigned' })
      .where(and(eq(users.id, identity.userId), eq(users.status, 'active')));
    return { found: true, isResigned: true };
  });
}
