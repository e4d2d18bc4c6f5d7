import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { processInstances, processLogs, tasks } from '@/db/schema';

/**
 * Re-points what was stored for one source identity (its tasks, originated instances, log actors on that
 * connector) to a Huiban user, or back to nobody. Log actors move only from `logsFromUserId` (null: the
 * unmapped ones), so a log row someone else was linked to stays theirs.
 */
export async function repointIdentity(
  tx: Tx,
  input: {
    connectorId: string;
    externalUserId: string;
    toUserId: string | null;
    logsFromUserId: string | null;
  },
): Promise<{ tasks: number }> {
  const { connectorId, externalUserId, toUserId, logsFromUserId } = input;
  const moved = await tx
    .update(tasks)
    .set({ assigneeUserId: toUserId })
    .where(and(eq(tasks.connectorId, connectorId), eq(tasks.assigneeExternalId, externalUserId)))
    .returning({ id: tasks.id });
  await tx
    .update(processInstances)
    .set({ originatorUserId: toUserId })
    .where(
      and(
        eq(processInstances.connectorId, connectorId),
        eq(processInstances.originatorExternalId, externalUserId),
      ),
    );
  // Logs carry no connector id: scope through the connector's instances.
  await tx
    .update(processLogs)
    .set({ actorUserId: toUserId })
    .where(
      and(
        eq(processLogs.actorExternalId, externalUserId),
        logsFromUserId === null
          ? isNull(processLogs.actorUserId)
          : eq(processLogs.actorUserId, logsFromUserId),
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
