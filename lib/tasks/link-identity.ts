import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { identities, processInstances, processLogs, tasks } from '@/db/schema';

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
  const { connectorId, externalUserId } = identity;
  const moved = await tx
    .update(tasks)
    .set({ assigneeUserId: input.userId })
    .where(and(eq(tasks.connectorId, connectorId), eq(tasks.assigneeExternalId, externalUserId)))
    .returning({ id: tasks.id });
  await tx
    .update(processInstances)
    .set({ originatorUserId: input.userId })
    .where(
      and(
        eq(processInstances.connectorId, connectorId),
        eq(processInstances.originatorExternalId, externalUserId),
      ),
    );
  // Logs carry no connector id: scope through the connector's instances.
  await tx
    .update(processLogs)
    .set({ actorUserId: input.userId })
    .where(
      and(
        eq(processLogs.actorExternalId, externalUserId),
        isNull(processLogs.actorUserId),
        inArray(
          processLogs.instanceId,
          tx
            .select({ id: processInstances.id })
            .from(processInstances)
            .where(eq(processInstances.connectorId, connectorId)),
        ),
      ),
    );
  return { tasks: moved.length };
}

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
  const { connectorId, externalUserId } = identity;
  const moved = await tx
    .update(tasks)
    .set({ assigneeUserId: null })
    .where(and(eq(tasks.connectorId, connectorId), eq(tasks.assigneeExternalId, externalUserId)))
    .returning({ id: tasks.id });
  await tx
    .update(processInstances)
    .set({ originatorUserId: null })
    .where(
      and(
        eq(processInstances.connectorId, connectorId),
        eq(processInstances.originatorExternalId, externalUserId),
      ),
    );
  await tx
    .update(processLogs)
    .set({ actorUserId: null })
    .where(
      and(
        eq(processLogs.actorExternalId, externalUserId),
        eq(processLogs.actorUserId, before.userId),
        inArray(
          processLogs.instanceId,
          tx
            .select({ id: processInstances.id })
            .from(processInstances)
            .where(eq(processInstances.connectorId, connectorId)),
        ),
      ),
    );
  return { tasks: moved.length, userId: before.userId };
}
