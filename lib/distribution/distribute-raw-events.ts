import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { inboundEvents } from '@/db/schema';
import { enqueueDeliveries, loadActiveSubscriptions } from './outbox/enqueue-deliveries';
import { isNormalizedEventType } from './outbox/event-types';

/**
 * Forwards source events as received (DingTalk's `bpms_task_change`, `user_add_org`, …) to the subscriptions
 * that ask for their type: a distribution platform for the systems behind DingTalk's one callback URL per org.
 * Called in the transaction that marks the events processed (lib/sync/process-inbound-events.ts), not at
 * ingest: recording an event is one statement on the ack path, and the subscription lookup would lengthen
 * every ack; after processing, the event is also known to be well-formed and about an included process.
 * Key `raw:<inbound event id>`: a replayed event is not forwarded twice.
 */
export async function distributeRawEvents(
  tx: DbOrTx,
  connectorId: string,
  eventIds: string[],
): Promise<number> {
  if (eventIds.length === 0) return 0;
  const subs = (await loadActiveSubscriptions(tx)).filter((s) =>
    s.eventTypes.some((t) => !isNormalizedEventType(t)),
  );
  if (subs.length === 0) return 0;
  const rows = await tx
    .select({
      id: inboundEvents.id,
      type: inboundEvents.type,
      instanceExternalId: inboundEvents.instanceExternalId,
      payload: inboundEvents.payload,
      receivedAt: inboundEvents.receivedAt,
    })
    .from(inboundEvents)
    .where(inArray(inboundEvents.id, eventIds));
  return enqueueDeliveries(
    tx,
    rows.map((e) => {
      const payload = (e.payload ?? {}) as Record<string, unknown>;
      const processCode = typeof payload.processCode === 'string' ? payload.processCode : null;
      return {
        key: `raw:${e.id}`,
        type: e.type,
        occurredAt: e.receivedAt,
        connectorId,
        processCode,
        data: { connectorId, inboundEventId: e.id, instanceExternalId: e.instanceExternalId, event: payload },
      };
    }),
    subs,
  );
}
