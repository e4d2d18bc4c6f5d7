import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { identities } from '@/db/schema';
import { repointIdentity } from './repoint-identity';

/**
 * Links a source identity to a Huiban user and re-points what was stored for it while unmapped (tasks,
 * originated instances, log actors), so waiting tasks show up in the user's inbox at once.
 */
export async function linkIdentityToUser(
  tx: Tx,
  input: { identityId: string; userId: string; matchedBy: string },
): Promise<{ tasks: number }> {
  const [identity] = await tx
    .update(identities)
    .set({ userId: input.userId, matchedBy: input.matchedBy })
    .where(eq(identities.id, input.identityId))
    .returning({ connectorId: identities.connectorId, externalUserId: identities.externalUserId });
  if (!identity) return { tasks: 0 };
  return repointIdentity(tx, { ...identity, toUserId: input.userId, logsFromUserId: null });
}
