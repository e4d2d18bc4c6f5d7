import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { inboundEvents } from '@/db/schema';
import { AppError } from '@/lib/errors';

/**
 * Yida's push protocol does not sign the action: complete and cancel (and create and cc) carry the same signed
 * parameters, and only the URL tells them apart (yida-connect-api.md §1.3). A push captured on one action URL
 * could be replayed to another (complete → cancel, create → cc) within the freshness window. One signed push
 * belongs to one action: if the same signature was already received under another action, refuse it.
 * `sourceEventIds` are the ids the same push would have had under the other actions.
 */
export async function refuseCrossActionReplay(
  db: DbOrTx,
  input: { connectorId: string; sourceEventIds: string[] },
): Promise<void> {
  if (input.sourceEventIds.length === 0) return;
  const [seen] = await db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.connectorId, input.connectorId),
        inArray(inboundEvents.sourceEventId, input.sourceEventIds),
      ),
    )
    .limit(1)
    // Prepared (the text is the same for every push): one round trip on the ack path.
    .prepare('refuse_cross_action_replay')
    .execute();
  if (seen)
    throw new AppError('invalid_signature', 'This signed push was already received for another action');
}
