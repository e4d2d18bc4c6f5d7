import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { identities } from '@/db/schema';
import { repointIdentity } from './repoint-identity';

/**
 * Undoes a link (an admin's correction): the identity is unmapped again and what was re-pointed to the user
 * through it (its tasks, originated instances, log actors on that connector) goes back to waiting.
 */
export async function unlinkIdentityFromUser(
  tx: Tx,
  input: { identityId: string },
): Promise<{ tasks: number; userId: string | null }> {
  const [before] = await tx
    .select({ userId: identities.userId })
    .from(identities)
    .where(eq(identities.id, input.identityId))
    .for('update');
  const [identity] = await tx
    .update(identities)
    .set({ userId: null, matchedBy: null })
    .where(eq(identities.id, input.identityId))
    .returning({ connectorId: identities.connectorId, externalUserId: identities.externalUserId });
  if (!identity || !before?.userId) return { tasks: 0, userId: null };
  const { tasks } = await repointIdentity(tx, { ...identity, toUserId: null, logsFromUserId: before.userId });
  return { tasks, userId: before.userId };
}
